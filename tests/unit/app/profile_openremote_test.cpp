#include "firmware/app/platform/internal/profile_openremote.h"

#include "app_test_util.h"

using namespace app_test;
using fw::app::CommandName;
using fw::app::CommandResult;
using fw::app::ProfileKind;

namespace {
const std::string kBase = "master/ESP32_123456/";
const std::string kAsset = "/6xIa9MkpZuR7slaUGB6OTZ";
}  // namespace

TEST(OpenRemoteProfile, NeedsAnAssetId) {
    auto c = config(ProfileKind::OpenRemote);
    c.or_asset_id.clear();
    EXPECT_EQ(fw::app::make_profile(c, 4096).err(), fw::Err::InvalidArg);
}

TEST(OpenRemoteProfile, OnlineAttributeByWillAndStartup) {
    auto p = profile(config(ProfileKind::OpenRemote));
    auto o = p->connect_options();
    EXPECT_EQ(o.client_id, "ESP32_123456");
    EXPECT_FALSE(o.username.has_value());
    ASSERT_TRUE(o.will.has_value());
    EXPECT_EQ(o.will->topic, kBase + "writeattributevalue/online" + kAsset);
    EXPECT_EQ(o.will->payload, "false");
    auto s = p->startup_messages(session());
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].topic, kBase + "writeattributevalue/online" + kAsset);
    EXPECT_EQ(s[0].payload, "true");
    auto subs = p->subscriptions();
    ASSERT_EQ(subs.size(), 1u);
    EXPECT_EQ(subs[0].filter, kBase + "attributevalue/command" + kAsset);
}

TEST(OpenRemoteProfile, LiveReadingIsOneWritePerAttribute) {
    auto p = profile(config(ProfileKind::OpenRemote));
    auto pubs = p->format_live(reading());
    ASSERT_TRUE(pubs.ok());
    ASSERT_EQ(pubs->size(), 2u);
    EXPECT_EQ((*pubs)[0].topic, "master/ESP32_123456/writeattributevalue/temperature/6xIa9MkpZuR7slaUGB6OTZ");
    EXPECT_EQ((*pubs)[0].payload, "21.5");
    EXPECT_EQ((*pubs)[1].topic, "master/ESP32_123456/writeattributevalue/humidity/6xIa9MkpZuR7slaUGB6OTZ");
    EXPECT_EQ((*pubs)[1].payload, "45.0");
}

TEST(OpenRemoteProfile, BufferedReadingsKeepTheirTimestamps) {
    auto c = config(ProfileKind::OpenRemote);
    c.or_realm = "building";
    auto p = profile(c);
    auto pubs = p->format_batch({reading(kT0), reading(0, 19.0f, 50.0f)});
    ASSERT_TRUE(pubs.ok());
    ASSERT_EQ(pubs->size(), 4u);
    EXPECT_EQ((*pubs)[0].topic, "building/ESP32_123456/writeattribute/temperature/6xIa9MkpZuR7slaUGB6OTZ");
    EXPECT_EQ((*pubs)[0].payload, R"({"value":21.5,"timestamp":1700000000000})");
    EXPECT_EQ((*pubs)[1].topic, "building/ESP32_123456/writeattribute/humidity/6xIa9MkpZuR7slaUGB6OTZ");
    EXPECT_EQ((*pubs)[1].payload, R"({"value":45.0,"timestamp":1700000000000})");
    // No wall-clock time known: the server stamps it.
    EXPECT_EQ((*pubs)[2].topic, "building/ESP32_123456/writeattributevalue/temperature/6xIa9MkpZuR7slaUGB6OTZ");
    EXPECT_EQ((*pubs)[2].payload, "19.0");
    EXPECT_EQ((*pubs)[3].payload, "50.0");

    EXPECT_EQ(profile(c, 20)->format_batch({reading()}).err(), fw::Err::TooLarge);
}

TEST(OpenRemoteProfile, CommandAttributeTakesABareNameOrTheJsonEnvelope) {
    auto p = profile(config(ProfileKind::OpenRemote));
    const std::string topic = kBase + "attributevalue/command" + kAsset;
    auto bare = p->parse_inbound(topic, R"("reboot")");
    ASSERT_EQ(bare.commands.size(), 1u);
    EXPECT_EQ(bare.commands[0].name, CommandName::Reboot);
    EXPECT_TRUE(bare.commands[0].valid());

    auto env = p->parse_inbound(topic, R"({"id":"c1","cmd":"set_interval","params":{"seconds":15}})");
    ASSERT_EQ(env.commands.size(), 1u);
    const auto& c = env.commands[0];
    EXPECT_EQ(c.interval_s, 15u);
    auto r = p->format_response(c, CommandResult::success());
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].topic, "master/ESP32_123456/writeattributevalue/commandResponse/6xIa9MkpZuR7slaUGB6OTZ");
    EXPECT_EQ(r[0].payload, R"({"id":"c1","ok":true})");

    EXPECT_TRUE(p->parse_inbound(topic, "null").commands.empty());
}

TEST(OpenRemoteProfile, BadCommandValuesGetErrorAnswers) {
    auto p = profile(config(ProfileKind::OpenRemote));
    const std::string topic = kBase + "attributevalue/command" + kAsset;
    struct Case {
        const char* payload;
        const char* answer;
    } cases[] = {
        {R"("dance")", R"({"id":null,"ok":false,"error":"unknown command: dance"})"},
        {R"({"id":"x","cmd":"ota","params":{"url":"ftp://a"}})",
         R"({"id":"x","ok":false,"error":"ota: \"url\" must be an https:// URL"})"},
        {"{bad", R"({"id":null,"ok":false,"error":"command value is not JSON"})"},
        {"42", R"({"id":null,"ok":false,"error":"command must be a JSON object"})"},
    };
    for (const auto& k : cases) {
        auto in = p->parse_inbound(topic, k.payload);
        ASSERT_EQ(in.commands.size(), 1u) << k.payload;
        const auto& c = in.commands[0];
        EXPECT_FALSE(c.valid());
        EXPECT_EQ(p->format_response(c, CommandResult::failure(c.error))[0].payload, k.answer) << k.payload;
    }
    EXPECT_EQ(p->parse_inbound(kBase + "attributevalue/other" + kAsset, "1").errors.size(), 1u);
}
