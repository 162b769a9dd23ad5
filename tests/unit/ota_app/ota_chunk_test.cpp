// ThingsBoard firmware over MQTT chunks: the whole flow, and every way it can be refused.
#include "ota_app_fixture.h"

namespace {

using namespace ota_app;

struct ChunkTest : AgentTest {
    void SetUp() override {
        AgentTest::SetUp();
        connect();
        sent.clear();
    }
    std::string states() const { return joined(kTelemetry); }
    // The update must fail with fw_error starting with `reason`, nothing switched, no restart.
    void expect_failed(const std::string& reason) {
        auto msgs = payloads(kTelemetry);
        ASSERT_FALSE(msgs.empty());
        auto last = app::Json::parse(msgs.back());
        EXPECT_EQ(last.value("fw_state", ""), "FAILED") << states();
        EXPECT_EQ(last.value("fw_error", "").rfind(reason, 0), 0u) << last.value("fw_error", "") << " vs " << reason;
        EXPECT_TRUE(restarts.empty());
        EXPECT_FALSE(agent->busy());
        EXPECT_EQ(b.boot(), "ota_0/1.0") << "the old version keeps running";
    }
};

TEST_F(ChunkTest, DownloadsInChunksVerifiesAndRestartsIntoTheNewImage) {
    auto file = image("1.1", 0, "iotfw", 20000);
    run(announce("1.1", file));
    EXPECT_EQ(payloads(kTelemetry).at(0), R"({"fw_state":"DOWNLOADING"})");
    auto first = next_request();
    ASSERT_TRUE(first);
    EXPECT_EQ(first->index, 0u);
    EXPECT_EQ(first->size, 4096u);
    deliver(*first, file, 1000);  // a 4 KiB chunk arrives in MQTT fragments
    int served = serve(file, 1500);
    EXPECT_EQ(served + 1, static_cast<int>((file.size() + 4095) / 4096)) << "one request per chunk, no more";
    EXPECT_EQ(states(),
              "{\"fw_state\":\"DOWNLOADING\"}\n{\"fw_state\":\"DOWNLOADED\"}\n{\"fw_state\":\"VERIFIED\"}\n"
              "{\"fw_state\":\"UPDATING\"}\n");
    ASSERT_EQ(restarts.size(), 1u);
    EXPECT_EQ(b.otadata().active_slot(2), 1u);

    power_on();
    EXPECT_EQ(boot.desc.version, "1.1");
    EXPECT_EQ(b.active_state(), OtaState::PendingVerify);
    sent.clear();
    connect();
    EXPECT_EQ(states(), "{\"fw_state\":\"UPDATED\"}\n");
    agent->on_published();
    EXPECT_EQ(b.active_state(), OtaState::Valid) << "confirmed after connecting and publishing";
    power_on();
    sent.clear();
    connect();
    EXPECT_EQ(states(), "") << "UPDATED is reported once";
}

TEST_F(ChunkTest, ConfiguredChunkSizeAndANewRequestIdPerUpdate) {
    cfg.ota_chunk = 1024;
    power_on();
    connect();
    sent.clear();
    auto bad = image("1.1", 0, "other", 3000);
    run(announce("1.1", bad));
    auto r1 = next_request();
    ASSERT_TRUE(r1);
    EXPECT_EQ(r1->size, 1024u);
    serve(bad);
    deliver(*r1, bad);
    auto good = image("1.2", 0, "iotfw", 3000);
    run(announce("1.2", good));
    auto r2 = next_request();
    ASSERT_TRUE(r2);
    EXPECT_NE(r1->request_id, r2->request_id);
    EXPECT_EQ(r2->index, 0u);
}

TEST_F(ChunkTest, SameVersionIsIgnored) {
    auto file = image("1.0");
    run(announce("1.0", file));
    EXPECT_TRUE(sent.empty());
    EXPECT_FALSE(agent->busy());
    EXPECT_TRUE(b.log.contains("already running"));
}

TEST_F(ChunkTest, ATitleOtherThanTheProjectFails) {
    run(announce("2.0", image("2.0"), "otherfw"));
    expect_failed("wrong project name: fw_title 'otherfw' (running 'iotfw')");
    EXPECT_FALSE(next_request());
}

TEST_F(ChunkTest, OnlySha256ChecksumsAreAccepted) {
    auto file = image("1.1");
    auto in = profile->parse_inbound("v1/devices/me/attributes",
                                     R"({"fw_title":"iotfw","fw_version":"1.1","fw_size":100,"fw_checksum":"abc",)"
                                     R"("fw_checksum_algorithm":"MD5"})");
    ASSERT_EQ(in.commands.size(), 1u);
    run(in.commands[0]);
    expect_failed("checksum algorithm MD5 not supported");
}

TEST_F(ChunkTest, ChecksumMismatchFails) {
    auto file = image("1.1");
    auto cmd = announce("1.1", file);
    cmd.ota.sha256_hex = sha256_hex(image("9.9"));
    run(cmd);
    serve(file);
    expect_failed("download checksum mismatch");
}

TEST_F(ChunkTest, AnEmptyChunkBeforeTheEndIsTruncated) {
    auto file = image("1.1", 0, "iotfw", 10000);
    auto cmd = announce("1.1", file);
    run(cmd);
    std::vector<uint8_t> short_file(file.begin(), file.begin() + 8192);
    serve(short_file);
    expect_failed("truncated: chunk 2 was empty after 8192 of");
}

TEST_F(ChunkTest, UnansweredChunkIsAskedForFiveTimesMoreThenFails) {
    auto file = image("1.1", 0, "iotfw", 10000);
    run(announce("1.1", file));
    ASSERT_TRUE(next_request());
    for (int i = 0; i < 5; ++i) {
        advance(9999);
        EXPECT_FALSE(next_request()) << "not before 10 s";
        advance(1);
        auto again = next_request();
        ASSERT_TRUE(again) << "retry " << i;
        EXPECT_EQ(again->index, 0u);
    }
    advance(10000);
    EXPECT_FALSE(next_request());
    expect_failed("chunk 0 timed out");
}

TEST_F(ChunkTest, ARepeatedChunkIsWrittenOnce) {
    auto file = image("1.1", 0, "iotfw", 10000);
    run(announce("1.1", file));
    auto r = next_request();
    ASSERT_TRUE(r);
    // Half of chunk 0 arrives, then nothing: the re-sent chunk must not be written twice.
    fw::net::MqttMessage m;
    std::string topic = "v2/fw/response/" + std::to_string(r->request_id) + "/chunk/0";
    m.topic = topic;
    m.total_len = 4096;
    m.data = std::span(file.data(), 2000);
    EXPECT_TRUE(agent->on_message(m));
    advance(10000);
    serve(file, 1000);
    ASSERT_EQ(restarts.size(), 1u) << states();
    power_on();
    EXPECT_EQ(boot.desc.version, "1.1");
}

TEST_F(ChunkTest, StaleChunksAreConsumedAndIgnored) {
    auto file = image("1.1");
    run(announce("1.1", file));
    auto r = next_request();
    ASSERT_TRUE(r);
    deliver(ChunkRequest{r->request_id + 1, 0, 4096}, file);
    deliver(ChunkRequest{r->request_id, 5, 4096}, image("7.7"));
    EXPECT_TRUE(agent->busy());
    deliver(*r, file);
    serve(file);
    EXPECT_EQ(restarts.size(), 1u) << states();
}

// Every refusal of the image itself ends in FAILED with OtaWriter's reason.
struct Refusal {
    const char* name;
    std::vector<uint8_t> (*file)(ota::TestKey& trusted, ota::TestKey& other);
    const char* reason;
};

class RefusalTest : public ChunkTest, public ::testing::WithParamInterface<Refusal> {};

TEST_P(RefusalTest, IsReportedAndNothingSwitches) {
    ota::TestKey trusted, other;
    ASSERT_TRUE(trusted.ok() && other.ok());
    trusted.burn_into(b.efuse);  // secure boot on: the running 1.0 is signed too
    b.efuse.version = 1;
    fixtures::put(b.flash, ota::kOta0, trusted.sign(app_image("1.0", 1)));
    auto file = GetParam().file(trusted, other);
    ASSERT_FALSE(file.empty());
    auto before = b.otadata_bytes();
    run(announce("1.1", file));
    serve(file);
    expect_failed(GetParam().reason);
    EXPECT_EQ(b.otadata_bytes(), before);
}

INSTANTIATE_TEST_SUITE_P(
    Refusals, RefusalTest,
    ::testing::Values(
        Refusal{"Unsigned", [](ota::TestKey&, ota::TestKey&) { return app_image("1.1", 1); }, "no signature block"},
        Refusal{"WrongKey", [](ota::TestKey&, ota::TestKey& o) { return o.sign(app_image("1.1", 1)); },
                "signing key not trusted"},
        Refusal{"BadSignature",
                [](ota::TestKey& t, ota::TestKey&) {
                    auto f = t.sign(app_image("1.1", 1));
                    f[f.size() - 4096 + 100 + 10] ^= 1;  // inside R||S of the signature block
                    return f;
                },
                "bad s"},
        Refusal{"Downgrade", [](ota::TestKey& t, ota::TestKey&) { return t.sign(app_image("1.1", 0)); },
                "secure_version below the anti-rollback counter"},
        Refusal{"OtherProject", [](ota::TestKey& t, ota::TestKey&) { return t.sign(app_image("1.1", 1, "other")); },
                "wrong project name: 'other' (running 'iotfw')"},
        Refusal{"NotAnImage", [](ota::TestKey&, ota::TestKey&) { return std::vector<uint8_t>(5000, 0x42); },
                "not an app image"},
        Refusal{"BadHash",
                [](ota::TestKey& t, ota::TestKey&) {
                    auto img = app_image("1.1", 1);
                    img[img.size() / 2] ^= 0xFF;
                    return t.sign(img);
                },
                "bad hash"},
        Refusal{"TruncatedImage",
                [](ota::TestKey& t, ota::TestKey&) {
                    auto img = t.sign(app_image("1.1", 1));
                    img.resize(1500);
                    return img;
                },
                "image truncated"}),
    [](const ::testing::TestParamInfo<Refusal>& i) { return std::string(i.param.name); });

TEST_F(ChunkTest, AnImageLargerThanTheSlotIsRefusedAtOnce) {
    std::vector<uint8_t> huge(1);
    auto cmd = announce("1.1", huge);
    cmd.ota.size = ota::kSlotSize + 1;
    run(cmd);
    expect_failed("image larger than the slot");
    EXPECT_FALSE(next_request()) << "nothing is downloaded";
}

TEST_F(ChunkTest, ASecondUpdateWhileOneRunsIsRefused) {
    auto file = image("1.1");
    run(announce("1.1", file));
    run(announce("1.2", image("1.2")));
    auto last = app::Json::parse(payloads(kTelemetry).back());
    EXPECT_EQ(last.value("fw_state", ""), "FAILED");
    EXPECT_NE(last.value("fw_error", "").find("already in progress"), std::string::npos);
    serve(file);
    EXPECT_EQ(restarts.size(), 1u) << "the first update goes on";
}

}  // namespace
