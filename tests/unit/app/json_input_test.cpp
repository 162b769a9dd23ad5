// Outside JSON nested deeper than kMaxJsonDepth is refused before a tree is built, by every
// parser of it: a few hundred levels would overflow a device task's stack when copied.
#include "firmware/app/platform/json_input.h"

#include <string>

#include "app_test_util.h"

using namespace app_test;
using fw::app::kMaxJsonDepth;
using fw::app::ProfileKind;

namespace {

// `levels` arrays inside one another.
std::string nested(size_t levels) { return std::string(levels, '[') + std::string(levels, ']'); }

}  // namespace

TEST(JsonInput, DepthCountsArraysAndObjectsOutsideStrings) {
    EXPECT_FALSE(fw::app::json_nests_deeper_than(R"({"params":{"a":[1]}})", 3));
    EXPECT_TRUE(fw::app::json_nests_deeper_than(R"({"params":{"a":[1]}})", 2));
    EXPECT_FALSE(fw::app::json_nests_deeper_than(R"({"s":"[[[[{{{{","t":"\"[[[["})", 1));
    EXPECT_FALSE(fw::app::json_nests_deeper_than("[1],[2],[3]", 1)) << "siblings are not nested";
    EXPECT_FALSE(fw::app::json_nests_deeper_than(nested(kMaxJsonDepth), kMaxJsonDepth));
    EXPECT_TRUE(fw::app::json_nests_deeper_than(nested(kMaxJsonDepth + 1), kMaxJsonDepth));
}

TEST(JsonInput, TooDeepIsDiscardedAtTheLimitIsParsed) {
    EXPECT_FALSE(fw::app::parse_json_input(nested(kMaxJsonDepth)).is_discarded());
    EXPECT_TRUE(fw::app::parse_json_input(nested(kMaxJsonDepth + 1)).is_discarded());
    EXPECT_TRUE(fw::app::parse_json_input(nested(800)).is_discarded());
    EXPECT_TRUE(fw::app::parse_json_input("{oops").is_discarded());
}

TEST(JsonInput, EveryProfileRefusesADeepCommand) {
    const std::string deep = nested(800);
    auto generic = profile(config(ProfileKind::Generic));
    auto g =
        generic->parse_inbound("devices/ESP32_123456/cmd", R"({"id":"1","cmd":"get_status","params":)" + deep + "}");
    ASSERT_EQ(g.commands.size(), 1u);
    EXPECT_FALSE(g.commands[0].valid());

    auto tb = profile(config(ProfileKind::ThingsBoard));
    auto rpc = tb->parse_inbound("v1/devices/me/rpc/request/5", R"({"method":"getStatus","params":)" + deep + "}");
    ASSERT_EQ(rpc.commands.size(), 1u);
    EXPECT_FALSE(rpc.commands[0].valid());
    auto attrs = tb->parse_inbound("v1/devices/me/attributes", R"({"telemetryInterval":5,"x":)" + deep + "}");
    EXPECT_TRUE(attrs.commands.empty());
    EXPECT_EQ(attrs.errors.size(), 1u);

    auto openremote = profile(config(ProfileKind::OpenRemote));
    auto o = openremote->parse_inbound("master/ESP32_123456/attributevalue/command/6xIa9MkpZuR7slaUGB6OTZ",
                                       R"({"id":"1","cmd":"get_status","params":)" + deep + "}");
    ASSERT_EQ(o.commands.size(), 1u);
    EXPECT_FALSE(o.commands[0].valid());
}
