#include "firmware/app/platform/internal/profile_generic.h"

#include "app_test_util.h"

using namespace app_test;
using fw::app::CommandName;
using fw::app::CommandResult;
using fw::app::ProfileKind;

namespace {
const std::string kTopic = "devices/ESP32_123456/telemetry";
}

TEST(GenericProfile, ConnectsWithARetainedOfflineWillAndAnnouncesOnline) {
    auto p = profile(config(ProfileKind::Generic));
    auto o = p->connect_options();
    EXPECT_EQ(o.client_id, "ESP32_123456");
    EXPECT_FALSE(o.username.has_value());
    EXPECT_FALSE(o.password.has_value());
    EXPECT_TRUE(o.clean_session);
    ASSERT_TRUE(o.will.has_value());
    EXPECT_EQ(o.will->topic, "devices/ESP32_123456/status");
    EXPECT_EQ(o.will->payload, "offline");
    EXPECT_TRUE(o.will->retain);
    EXPECT_EQ(o.will->qos, 1);

    auto s = p->startup_messages(session());
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].topic, "devices/ESP32_123456/status");
    EXPECT_EQ(s[0].payload, "online");
    EXPECT_TRUE(s[0].retain);

    auto subs = p->subscriptions();
    ASSERT_EQ(subs.size(), 1u);
    EXPECT_EQ(subs[0].filter, "devices/ESP32_123456/cmd");
    EXPECT_EQ(subs[0].qos, 1);
}

TEST(GenericProfile, TopicsFollowTheConfiguredPrefix) {
    auto c = config(ProfileKind::Generic);
    c.topic_prefix = "acme/site1";
    auto p = profile(c);
    EXPECT_EQ(p->subscriptions()[0].filter, "acme/site1/ESP32_123456/cmd");
    EXPECT_EQ((*p->format_live(reading()))[0].topic, "acme/site1/ESP32_123456/telemetry");
}

TEST(GenericProfile, LiveReadingIsByteExact) {
    auto p = profile(config(ProfileKind::Generic));
    auto pubs = p->format_live(reading());
    ASSERT_TRUE(pubs.ok());
    ASSERT_EQ(pubs->size(), 1u);
    EXPECT_EQ((*pubs)[0].topic, kTopic);
    EXPECT_EQ((*pubs)[0].payload, R"({"ts":1700000000000,"temperature":21.5,"humidity":45.0})");
    EXPECT_FALSE((*pubs)[0].retain);
    EXPECT_EQ((*pubs)[0].payload.size(), 55u);

    EXPECT_EQ((*p->format_live(reading(0)))[0].payload, R"({"temperature":21.5,"humidity":45.0})");
    auto f = config(ProfileKind::Generic);
    f.units = fw::app::Units::Fahrenheit;
    EXPECT_EQ((*profile(f)->format_live(reading()))[0].payload,
              R"({"ts":1700000000000,"temperature":70.7,"humidity":45.0})");
}

TEST(GenericProfile, BatchIsOneArrayWhenItFits) {
    auto p = profile(config(ProfileKind::Generic));
    auto pubs = p->format_batch({reading(kT0, 21.5f, 45.0f), reading(kT0 + 60000, 21.6f, 44.0f)});
    ASSERT_TRUE(pubs.ok());
    ASSERT_EQ(pubs->size(), 1u);
    EXPECT_EQ((*pubs)[0].payload, R"([{"ts":1700000000000,"temperature":21.5,"humidity":45.0},)"
                                  R"({"ts":1700000060000,"temperature":21.6,"humidity":44.0}])");
    auto empty = p->format_batch({});
    ASSERT_TRUE(empty.ok());
    EXPECT_TRUE(empty->empty());
}

TEST(GenericProfile, BatchSplitsUnderTheSessionLimit) {
    // Each reading is 55 bytes; "[" + 2 * 55 + "," + "]" = 113 fits, a third does not.
    auto p = profile(config(ProfileKind::Generic), 113);
    EXPECT_EQ(p->max_payload(), 113u);
    std::vector<fw::app::TimedReading> rs;
    for (int i = 0; i < 5; ++i) rs.push_back(reading(kT0 + i * 60000));
    auto pubs = p->format_batch(rs);
    ASSERT_TRUE(pubs.ok());
    ASSERT_EQ(pubs->size(), 3u);
    EXPECT_EQ((*pubs)[0].payload.size(), 113u);
    EXPECT_EQ((*pubs)[1].payload.size(), 113u);
    EXPECT_EQ((*pubs)[2].payload, R"([{"ts":1700000240000,"temperature":21.5,"humidity":45.0}])");
    size_t ts_seen = 0;
    for (const auto& pub : *pubs) {
        auto arr = fw::app::Json::parse(pub.payload);
        ASSERT_TRUE(arr.is_array());
        for (const auto& e : arr) EXPECT_EQ(e["ts"].get<int64_t>(), kT0 + static_cast<int64_t>(ts_seen++) * 60000);
    }
    EXPECT_EQ(ts_seen, 5u);

    EXPECT_EQ(profile(config(ProfileKind::Generic), 56)->format_batch(rs).err(), fw::Err::TooLarge);
    EXPECT_EQ(profile(config(ProfileKind::Generic), 54)->format_live(reading()).err(), fw::Err::TooLarge);
}

TEST(GenericProfile, ParsesCommandsAndAnswersByteExact) {
    auto p = profile(config(ProfileKind::Generic));
    auto in =
        p->parse_inbound("devices/ESP32_123456/cmd", R"({"id":"42","cmd":"set_interval","params":{"seconds":30}})");
    ASSERT_EQ(in.commands.size(), 1u);
    EXPECT_TRUE(in.errors.empty());
    const auto& c = in.commands[0];
    EXPECT_TRUE(c.valid());
    EXPECT_EQ(c.name, CommandName::SetInterval);
    EXPECT_EQ(c.interval_s, 30u);
    EXPECT_TRUE(p->format_accepted(c).empty());
    auto r = p->format_response(c, CommandResult::success());
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].topic, "devices/ESP32_123456/cmd/response");
    EXPECT_EQ(r[0].payload, R"({"id":"42","ok":true})");
    EXPECT_FALSE(r[0].retain);

    fw::app::DeviceStatus st;
    st.uptime_s = 5;
    st.firmware_version = "1.0.0";
    auto status = p->parse_inbound("devices/ESP32_123456/cmd", R"({"id":"s1","cmd":"get_status"})").commands.at(0);
    EXPECT_EQ(status.name, CommandName::GetStatus);
    EXPECT_EQ(p->format_response(status, CommandResult::success(fw::app::status_json(st)))[0].payload,
              R"({"id":"s1","ok":true,"result":{"uptime_s":5,"firmware":"1.0.0","free_heap":0,"min_free_heap":0,)"
              R"("firmware_heap":0,"firmware_heap_peak":0,)"
              R"("rssi_dbm":0,"dropped_messages":0,"sensor_errors":0,"interval_s":0,"time_source":"",)"
              R"("tls_version":"none"}})");
}

TEST(GenericProfile, UnknownAndMalformedCommandsGetErrorAnswers) {
    auto p = profile(config(ProfileKind::Generic));
    struct Case {
        const char* payload;
        const char* answer;
    } cases[] = {
        {R"({"id":"1","cmd":"dance"})", R"({"id":"1","ok":false,"error":"unknown command: dance"})"},
        {R"({"id":"2","cmd":"set_interval","params":{"seconds":0}})",
         R"({"id":"2","ok":false,"error":"set_interval: 0 s is outside 1..86400"})"},
        {R"({"id":"3"})", R"({"id":"3","ok":false,"error":"missing \"cmd\" string"})"},
        {"not json", R"({"id":null,"ok":false,"error":"payload is not JSON"})"},
        {"", R"({"id":null,"ok":false,"error":"payload is not JSON"})"},
        {"[]", R"({"id":null,"ok":false,"error":"command must be a JSON object"})"},
        {R"({"cmd":"reboot"})",
         R"({"id":null,"ok":false,"error":"missing \"id\" string: every command needs an id of its own"})"},
        {R"({"id":"","cmd":"reboot"})",
         R"({"id":null,"ok":false,"error":"missing \"id\" string: every command needs an id of its own"})"},
    };
    for (const auto& k : cases) {
        auto in = p->parse_inbound("devices/ESP32_123456/cmd", k.payload);
        ASSERT_EQ(in.commands.size(), 1u) << k.payload;
        const auto& c = in.commands[0];
        EXPECT_FALSE(c.valid()) << k.payload;
        EXPECT_EQ(p->format_response(c, CommandResult::failure(c.error))[0].payload, k.answer) << k.payload;
    }
}

TEST(GenericProfile, MessagesOnOtherTopicsAreReportedNotExecuted) {
    auto p = profile(config(ProfileKind::Generic));
    auto in = p->parse_inbound("devices/OTHER/cmd", R"({"id":"1","cmd":"reboot"})");
    EXPECT_TRUE(in.commands.empty());
    EXPECT_EQ(in.errors, (std::vector<std::string>{"message on unexpected topic devices/OTHER/cmd"}));
}

TEST(GenericProfile, OtaProgressHasItsOwnTopicAndTheAnswerComesOnce) {
    auto p = profile(config(ProfileKind::Generic));
    auto d = p->firmware().format_ota_progress({fw::app::OtaPhase::Downloading, "1.1", ""});
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].topic, "devices/ESP32_123456/ota");
    EXPECT_EQ(d[0].payload, R"({"state":"DOWNLOADING","version":"1.1"})");
    EXPECT_EQ(p->firmware().format_ota_progress({fw::app::OtaPhase::Failed, "1.1", "HTTP 404"})[0].payload,
              R"({"state":"FAILED","version":"1.1","error":"HTTP 404"})");
    EXPECT_FALSE(p->firmware().format_fw_chunk_request(1, 0, 4096)) << "no firmware over MQTT";
    EXPECT_FALSE(p->firmware().answers_ota_after_restart());
    EXPECT_TRUE(fw::app::CommandResult::later().deferred);
}
