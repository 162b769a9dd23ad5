// Which topics the reply_route plugin takes for routed ones, and which client ids it routes.
#include <gtest/gtest.h>

#include <string>

#include "tools/src/broker/reply_route.h"

namespace {

TEST(ReplyRouteRules, SplitsARoutedTopicIntoClientAndTopic) {
    const char* inner = nullptr;
    const std::string t = "iotfw-route/ESP32_00002A/$aws/certificates/create-from-csr/json/accepted";
    EXPECT_EQ(reply_route_split(t.c_str(), &inner), 12u);
    EXPECT_STREQ(inner, "$aws/certificates/create-from-csr/json/accepted");
    EXPECT_EQ(reply_route_split("iotfw-route/c//provision/response", &inner), 1u);
    EXPECT_STREQ(inner, "/provision/response");
}

TEST(ReplyRouteRules, OtherTopicsAreNotRouted) {
    for (const char* t : {"", "iotfw-route", "iotfw-route/", "iotfw-route/c", "iotfw-route/c/", "iotfw-route//x",
                          "iotfw-route/a+b/x", "iotfw-route/#/x", "iotfw-route/+/x", "x/iotfw-route/c/x",
                          "$aws/certificates/create-from-csr/json", "iotfw-routes/c/x"}) {
        const char* inner = nullptr;
        EXPECT_EQ(reply_route_split(t, &inner), 0u) << t;
        EXPECT_EQ(inner, nullptr) << t;
    }
    const char* inner = nullptr;
    EXPECT_EQ(reply_route_split(nullptr, &inner), 0u);
}

TEST(ReplyRouteRules, OnlyIdsThatAreOneTopicLevelAreRouted) {
    EXPECT_TRUE(reply_route_client_ok("ESP32_00002A"));
    EXPECT_TRUE(reply_route_client_ok("devcloud-42"));
    for (const char* id : {"", "a/b", "a+", "#", "/"}) EXPECT_FALSE(reply_route_client_ok(id)) << id;
    EXPECT_FALSE(reply_route_client_ok(nullptr));
}

}  // namespace
