#include "firmware/app/platform/internal/profile_thingsboard.h"

#include "app_test_util.h"

using namespace app_test;
using fw::app::CommandName;
using fw::app::CommandResult;
using fw::app::ProfileKind;

TEST(ThingsBoardProfile, ConnectSubscriptionsAndStartupAttributes) {
    auto p = profile(config(ProfileKind::ThingsBoard));
    auto o = p->connect_options();
    EXPECT_EQ(o.client_id, "ESP32_123456");
    EXPECT_FALSE(o.username.has_value());
    ASSERT_TRUE(o.will.has_value());
    EXPECT_EQ(o.will->topic, "v1/devices/me/attributes");
    EXPECT_EQ(o.will->payload, R"({"status":"offline"})");
    EXPECT_FALSE(o.will->retain);

    auto subs = p->subscriptions();
    ASSERT_EQ(subs.size(), 3u);
    EXPECT_EQ(subs[0].filter, "v1/devices/me/rpc/request/+");
    EXPECT_EQ(subs[1].filter, "v1/devices/me/attributes");
    EXPECT_EQ(subs[2].filter, "v2/fw/response/+/chunk/+");
    EXPECT_EQ(subs[2].qos, 1);

    auto s = p->startup_messages(session());
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[0].topic, "v1/devices/me/attributes");
    EXPECT_EQ(s[0].payload,
              R"({"status":"online","firmwareVersion":"1.0.0","model":"ESP32-D0WD","telemetryInterval":60})");
    EXPECT_EQ(s[1].topic, "v1/devices/me/telemetry");
    EXPECT_EQ(s[1].payload, R"({"current_fw_title":"iotfw","current_fw_version":"1.0.0"})");
}

TEST(ThingsBoardProfile, TelemetryIsByteExact) {
    auto p = profile(config(ProfileKind::ThingsBoard));
    auto live = p->format_live(reading());
    ASSERT_TRUE(live.ok());
    ASSERT_EQ(live->size(), 1u);
    EXPECT_EQ((*live)[0].topic, "v1/devices/me/telemetry");
    EXPECT_EQ((*live)[0].payload, R"({"ts":1700000000000,"values":{"temperature":21.5,"humidity":45.0}})");
    EXPECT_EQ((*p->format_live(reading(0)))[0].payload, R"({"temperature":21.5,"humidity":45.0})");

    auto batch = p->format_batch({reading(kT0), reading(kT0 + 1000, 22.0f, 40.5f)});
    ASSERT_TRUE(batch.ok());
    ASSERT_EQ(batch->size(), 1u);
    EXPECT_EQ((*batch)[0].payload, R"([{"ts":1700000000000,"values":{"temperature":21.5,"humidity":45.0}},)"
                                   R"({"ts":1700000001000,"values":{"temperature":22.0,"humidity":40.5}}])");
}

TEST(ThingsBoardProfile, BatchSplitsUnderThePlatformLimit) {
    auto p = profile(config(ProfileKind::ThingsBoard));
    EXPECT_EQ(p->max_payload(), 65536u);
    std::vector<fw::app::TimedReading> rs;
    for (int i = 0; i < 2000; ++i) rs.push_back(reading(kT0 + i * 1000LL));
    auto pubs = p->format_batch(rs);
    ASSERT_TRUE(pubs.ok());
    ASSERT_GT(pubs->size(), 1u);
    size_t n = 0;
    for (const auto& pub : *pubs) {
        EXPECT_LE(pub.payload.size(), 65536u);
        auto arr = fw::app::Json::parse(pub.payload);
        ASSERT_TRUE(arr.is_array());
        for (const auto& e : arr) EXPECT_EQ(e["ts"].get<int64_t>(), kT0 + static_cast<int64_t>(n++) * 1000);
    }
    EXPECT_EQ(n, rs.size());
}

TEST(ThingsBoardProfile, RpcMethodsMapToCommandsAndRepliesGoToTheRequestId) {
    auto p = profile(config(ProfileKind::ThingsBoard));
    auto in = p->parse_inbound("v1/devices/me/rpc/request/17", R"({"method":"setInterval","params":30})");
    ASSERT_EQ(in.commands.size(), 1u);
    auto c = in.commands[0];
    EXPECT_TRUE(c.valid());
    EXPECT_EQ(c.name, CommandName::SetInterval);
    EXPECT_EQ(c.interval_s, 30u);
    EXPECT_EQ(c.id, "17");
    EXPECT_FALSE(c.desired_state) << "an RPC is an action: never retained";
    auto r = p->format_response(c, CommandResult::success());
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].topic, "v1/devices/me/rpc/response/17");
    EXPECT_EQ(r[0].payload, R"({"success":true})");

    struct Case {
        const char* method;
        CommandName name;
    } cases[] = {{"reboot", CommandName::Reboot},
                 {"getStatus", CommandName::GetStatus},
                 {"factoryReset", CommandName::FactoryReset}};
    for (const auto& k : cases) {
        auto cmd = p->parse_inbound("v1/devices/me/rpc/request/1", std::string(R"({"method":")") + k.method + R"("})")
                       .commands.at(0);
        EXPECT_TRUE(cmd.valid()) << k.method;
        EXPECT_EQ(cmd.name, k.name) << k.method;
    }
    auto cfg =
        p->parse_inbound("v1/devices/me/rpc/request/2", R"({"method":"setConfig","params":{"units":"fahrenheit"}})")
            .commands.at(0);
    EXPECT_EQ(cfg.name, CommandName::SetConfig);
    EXPECT_EQ((*cfg.params)["units"], "fahrenheit");

    auto status =
        p->parse_inbound("v1/devices/me/rpc/request/3", R"({"method":"getStatus","params":{}})").commands.at(0);
    EXPECT_EQ(p->format_response(status, CommandResult::success(fw::app::Json::parse(R"({"uptime_s":5})")))[0].payload,
              R"({"success":true,"result":{"uptime_s":5}})");
}

TEST(ThingsBoardProfile, BadRpcRequestsAreAnsweredWithAnError) {
    auto p = profile(config(ProfileKind::ThingsBoard));
    struct Case {
        const char* payload;
        const char* answer;
    } cases[] = {
        {R"({"method":"blink"})", R"({"success":false,"error":"unknown method: blink"})"},
        {R"({"method":"set_interval","params":30})", R"({"success":false,"error":"unknown method: set_interval"})"},
        {R"({"method":"setInterval","params":"soon"})",
         R"({"success":false,"error":"set_interval: expected a whole number of seconds"})"},
        {R"({"params":1})", R"({"success":false,"error":"RPC request without a \"method\" string"})"},
        {"{oops", R"({"success":false,"error":"RPC request is not a JSON object"})"},
        {"7", R"({"success":false,"error":"RPC request is not a JSON object"})"},
    };
    for (const auto& k : cases) {
        auto in = p->parse_inbound("v1/devices/me/rpc/request/99", k.payload);
        ASSERT_EQ(in.commands.size(), 1u) << k.payload;
        const auto& c = in.commands[0];
        EXPECT_FALSE(c.valid()) << k.payload;
        auto r = p->format_response(c, CommandResult::failure(c.error));
        EXPECT_EQ(r[0].topic, "v1/devices/me/rpc/response/99");
        EXPECT_EQ(r[0].payload, k.answer) << k.payload;
    }
    auto no_id = p->parse_inbound("v1/devices/me/rpc/request/", R"({"method":"reboot"})");
    EXPECT_TRUE(no_id.commands.empty());
    EXPECT_EQ(no_id.errors.size(), 1u);
}

TEST(ThingsBoardProfile, OversizedRpcRequestIsAnsweredToItsIdWithAnError) {
    auto p = profile(config(ProfileKind::ThingsBoard));
    auto in = p->parse_oversized("v1/devices/me/rpc/request/41", 20000);
    ASSERT_EQ(in.commands.size(), 1u);
    EXPECT_FALSE(in.commands[0].valid());
    auto r = p->format_response(in.commands[0], CommandResult::failure(in.commands[0].error));
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].topic, "v1/devices/me/rpc/response/41");
    EXPECT_EQ(
        r[0].payload,
        R"j({"success":false,"error":"message on v1/devices/me/rpc/request/41 too large for a command (20000 bytes)"})j");

    auto attrs = p->parse_oversized("v1/devices/me/attributes", 20000);  // no one to answer
    EXPECT_TRUE(attrs.commands.empty());
    EXPECT_EQ(attrs.errors.size(), 1u);
}

TEST(ThingsBoardProfile, SharedIntervalAttributeIsACommandAnsweredAsClientAttribute) {
    auto p = profile(config(ProfileKind::ThingsBoard));
    auto in = p->parse_inbound("v1/devices/me/attributes", R"({"telemetryInterval":120,"other":1})");
    ASSERT_EQ(in.commands.size(), 1u);
    const auto& c = in.commands[0];
    EXPECT_EQ(c.name, CommandName::SetInterval);
    EXPECT_EQ(c.interval_s, 120u);
    EXPECT_TRUE(c.desired_state) << "shared attributes are state: a retained copy applies";
    auto r = p->format_response(c, CommandResult::success());
    EXPECT_EQ(r[0].topic, "v1/devices/me/attributes");
    EXPECT_EQ(r[0].payload, R"({"lastCommand":{"name":"set_interval","ok":true}})");

    auto bad = p->parse_inbound("v1/devices/me/attributes", R"({"telemetryInterval":0})").commands.at(0);
    EXPECT_EQ(p->format_response(bad, CommandResult::failure(bad.error))[0].payload,
              R"({"lastCommand":{"name":"set_interval","ok":false,"error":"set_interval: 0 s is outside 1..86400"}})");

    auto unrelated = p->parse_inbound("v1/devices/me/attributes", R"({"colour":"red"})");
    EXPECT_TRUE(unrelated.commands.empty());
    EXPECT_TRUE(unrelated.errors.empty());
    EXPECT_EQ(p->parse_inbound("v1/devices/me/attributes", "nope").errors.size(), 1u);
    EXPECT_EQ(p->parse_inbound("v1/devices/me/other", "{}").errors.size(), 1u);
}

namespace {

constexpr const char* kSha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

std::string fw_attrs(const std::string& extra) {
    return std::string(R"({"fw_title":"iotfw","fw_version":"1.1","fw_size":20000,"fw_checksum":")") + kSha + "\"" +
           extra + "}";
}

}  // namespace

TEST(ThingsBoardProfile, FirmwareAttributesBecomeAnOtaOverChunks) {
    auto p = profile(config(ProfileKind::ThingsBoard));
    auto in = p->parse_inbound("v1/devices/me/attributes",
                               fw_attrs(R"(,"fw_checksum_algorithm":"SHA256","telemetryInterval":30)"));
    ASSERT_EQ(in.commands.size(), 2u) << "firmware and interval in one update";
    const auto& c = in.commands[0];
    ASSERT_TRUE(c.valid()) << c.error;
    EXPECT_EQ(c.name, CommandName::Ota);
    EXPECT_EQ(c.ota.source, fw::app::OtaSource::MqttChunks);
    EXPECT_EQ(c.ota.name, "iotfw");
    EXPECT_EQ(c.ota.version, "1.1");
    EXPECT_EQ(c.ota.size, 20000u);
    EXPECT_EQ(c.ota.sha256_hex, kSha);
    EXPECT_EQ(in.commands[1].name, CommandName::SetInterval);
    EXPECT_TRUE(p->format_response(c, CommandResult::success()).empty()) << "success is told by fw_state progress";
    auto failed = p->format_response(c, CommandResult::failure("bad hash: x"));
    ASSERT_EQ(failed.size(), 1u);
    EXPECT_EQ(failed[0].topic, "v1/devices/me/telemetry");
    EXPECT_EQ(failed[0].payload, R"({"fw_state":"FAILED","fw_error":"bad hash: x"})");
}

TEST(ThingsBoardProfile, BadFirmwareAttributesAreFailedUpdates) {
    auto p = profile(config(ProfileKind::ThingsBoard));
    const std::pair<std::string, std::string> cases[] = {
        {fw_attrs(R"(,"fw_checksum_algorithm":"MD5")"), "checksum algorithm MD5 not supported (only SHA256)"},
        {R"({"fw_title":"iotfw","fw_version":"1.1","fw_size":0,"fw_checksum":"ab"})",
         "fw_size must be a positive number of bytes"},
        {R"({"fw_title":"iotfw","fw_version":"1.1","fw_size":10,"fw_checksum":"xyz"})",
         "fw_checksum must be a SHA-256 in hex"},
        {R"({"fw_title":"iotfw","fw_size":10})", "fw_title and fw_version must be non-empty strings"},
    };
    for (const auto& [attrs, error] : cases) {
        auto in = p->parse_inbound("v1/devices/me/attributes", attrs);
        ASSERT_EQ(in.commands.size(), 1u) << attrs;
        EXPECT_EQ(in.commands[0].error, error);
        auto r = p->format_response(in.commands[0], CommandResult::failure(in.commands[0].error));
        EXPECT_EQ(r.at(0).payload, R"({"fw_state":"FAILED","fw_error":")" + error + "\"}");
    }
}

TEST(ThingsBoardProfile, FirmwareProgressAndChunkTopics) {
    auto p = profile(config(ProfileKind::ThingsBoard));
    auto d = p->firmware().format_ota_progress({fw::app::OtaPhase::Downloading, "1.1", ""});
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].topic, "v1/devices/me/telemetry");
    EXPECT_EQ(d[0].payload, R"({"fw_state":"DOWNLOADING"})");
    EXPECT_EQ(p->firmware().format_ota_progress({fw::app::OtaPhase::Updated, "1.1", ""})[0].payload,
              R"({"fw_state":"UPDATED"})");
    auto req = p->firmware().format_fw_chunk_request(17, 3, 4096);
    ASSERT_TRUE(req);
    EXPECT_EQ(req->topic, "v2/fw/request/17/chunk/3");
    EXPECT_EQ(req->payload, "4096");
    auto id = p->firmware().parse_fw_chunk_topic("v2/fw/response/17/chunk/3");
    ASSERT_TRUE(id);
    EXPECT_EQ(id->request_id, 17u);
    EXPECT_EQ(id->index, 3u);
    for (const char* t : {"v2/fw/response/17/chunk/", "v2/fw/response/x/chunk/1", "v2/fw/request/1/chunk/1",
                          "v2/fw/response/1/chunk/1/extra"})
        EXPECT_FALSE(p->firmware().parse_fw_chunk_topic(t)) << t;
}
