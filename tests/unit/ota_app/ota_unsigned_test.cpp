// Updates need the key burned in the eFuse. Without one every update is refused before anything
// is downloaded, with the reason; the development switch ota_unsigned_ok lets unsigned updates
// in, and the agent warns about it at every boot.
#include "ota_app_fixture.h"

namespace {

using namespace ota_app;

constexpr const char* kNoKey = "no update key: burn one with fwtool efuse burn-key";

// A device whose eFuse holds no update key, running 1.0.
struct NoKeyTest : AgentTest {
    void SetUp() override {
        AgentTest::SetUp();
        b.efuse.has_digest = false;
        power_on();
        connect();
        sent.clear();
    }
    // A warning line (W) containing `text` was logged.
    bool warned(const std::string& text) const {
        for (const auto& l : b.log.lines)
            if (l.rfind("W (", 0) == 0 && l.find(text) != std::string::npos) return true;
        return false;
    }
    std::string last_fw_error() const {
        auto msgs = payloads(kTelemetry);
        return msgs.empty() ? "" : app::Json::parse(msgs.back()).value("fw_error", "");
    }
};

TEST_F(NoKeyTest, ThingsBoardUpdateIsRefusedBeforeAnyChunkIsRequested) {
    auto before = b.otadata_bytes();
    run(announce("1.1", app_image("1.1")));
    EXPECT_EQ(joined(kTelemetry), std::string(R"({"fw_state":"FAILED","fw_error":")") + kNoKey + "\"}\n");
    EXPECT_FALSE(next_request()) << "nothing is downloaded";
    EXPECT_FALSE(agent->busy());
    EXPECT_TRUE(restarts.empty());
    EXPECT_EQ(b.otadata_bytes(), before);
    // A signed image does not help: without a key nothing tells whose signature it is.
    run(announce("1.1", image("1.1")));
    EXPECT_EQ(last_fw_error(), kNoKey);
}

TEST_F(NoKeyTest, OtaCommandIsAnsweredWithTheReason) {
    use_profile(app::ProfileKind::Generic);
    auto in = profile->parse_inbound(
        "devices/dev1/cmd",
        R"({"id":"7","cmd":"ota","params":{"url":"https://evil.example/app.bin","version":"6.6"}})");
    run(in.commands.at(0));
    spin();
    auto answers = payloads("devices/dev1/cmd/response");
    ASSERT_EQ(answers.size(), 1u);
    EXPECT_EQ(app::Json::parse(answers[0]),
              app::Json::parse(std::string(R"({"id":"7","ok":false,"error":")") + kNoKey + "\"}"));
    EXPECT_TRUE(https.host().empty()) << "no connection to the URL's host";
}

TEST_F(NoKeyTest, TheDevelopmentSwitchInstallsAnUnsignedUpdate) {
    allow_unsigned = true;
    power_on();
    connect();
    auto file = app_image("1.1");
    run(announce("1.1", file));
    serve(file);
    ASSERT_EQ(restarts.size(), 1u) << joined(kTelemetry);
    power_on();
    EXPECT_EQ(boot.desc.version, "1.1");
}

TEST_F(NoKeyTest, TheSwitchIsWarnedAboutAtEveryBoot) {
    EXPECT_FALSE(b.log.contains("ota_unsigned_ok")) << "no warning while the switch is off";
    allow_unsigned = true;
    for (int boot_no = 1; boot_no <= 2; ++boot_no) {
        b.log.lines.clear();
        power_on();
        EXPECT_TRUE(
            warned("config ota_unsigned_ok is set and no update key is burned: ANY update is installed "
                   "without a signature check"))
            << "boot " << boot_no;
    }
    key.burn_into(b.efuse);
    b.log.lines.clear();
    power_on();
    EXPECT_TRUE(warned("config ota_unsigned_ok is set but has no effect: an update key is burned"));
}

}  // namespace
