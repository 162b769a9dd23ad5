#include "firmware/net/mqtt/mqtt_topic.h"

#include <gtest/gtest.h>

#include <string>

using namespace fw::net::mqtt;

namespace {
std::string raw(std::initializer_list<int> b) {
    std::string s;
    for (int c : b) s.push_back(static_cast<char>(c));
    return s;
}
}  // namespace

TEST(MqttUtf8, AcceptsWellFormedText) {
    EXPECT_TRUE(valid_utf8(""));
    EXPECT_TRUE(valid_utf8("plain ascii / 123"));
    EXPECT_TRUE(
        valid_utf8("temp\xC2\xB0"
                   "C"));                                    // U+00B0
    EXPECT_TRUE(valid_utf8("\xE2\x82\xAC"));                 // U+20AC
    EXPECT_TRUE(valid_utf8("\xF0\x9F\x98\x80"));             // U+1F600
    EXPECT_TRUE(valid_utf8(raw({0xEF, 0xBF, 0xBF})));        // U+FFFF is allowed
    EXPECT_TRUE(valid_utf8(raw({0xF4, 0x8F, 0xBF, 0xBF})));  // U+10FFFF
    EXPECT_TRUE(valid_utf8(raw({0xED, 0x9F, 0xBF})));        // U+D7FF, just below the surrogates
    EXPECT_TRUE(valid_utf8(raw({0x01, 0x7F})));              // control characters: SHOULD NOT, not MUST NOT
}

TEST(MqttUtf8, RejectsWhatTheSpecForbids) {
    EXPECT_FALSE(valid_utf8(std::string("a\0b", 3)));         // U+0000
    EXPECT_FALSE(valid_utf8(raw({0xED, 0xA0, 0x80})));        // U+D800 surrogate
    EXPECT_FALSE(valid_utf8(raw({0xED, 0xBF, 0xBF})));        // U+DFFF surrogate
    EXPECT_FALSE(valid_utf8(raw({0xC0, 0x80})));              // overlong U+0000
    EXPECT_FALSE(valid_utf8(raw({0xC1, 0xBF})));              // overlong
    EXPECT_FALSE(valid_utf8(raw({0xE0, 0x80, 0x80})));        // overlong 3-byte
    EXPECT_FALSE(valid_utf8(raw({0xF0, 0x80, 0x80, 0x80})));  // overlong 4-byte
    EXPECT_FALSE(valid_utf8(raw({0xF4, 0x90, 0x80, 0x80})));  // above U+10FFFF
    EXPECT_FALSE(valid_utf8(raw({0xF5, 0x80, 0x80, 0x80})));
    EXPECT_FALSE(valid_utf8(raw({0xFF})));
    EXPECT_FALSE(valid_utf8(raw({0x80})));                   // stray continuation
    EXPECT_FALSE(valid_utf8(raw({0xE2, 0x82})));             // cut short
    EXPECT_FALSE(valid_utf8(raw({0xE2, 0x28, 0xA1})));       // bad continuation
    EXPECT_FALSE(valid_utf8(raw({'a', 0xF0, 0x9F, 0x98})));  // cut short at the end
}

TEST(MqttTopic, Names) {
    EXPECT_TRUE(valid_topic_name("a"));
    EXPECT_TRUE(valid_topic_name("/"));
    EXPECT_TRUE(valid_topic_name("devices/d1/telemetry"));
    EXPECT_TRUE(valid_topic_name("$SYS/broker"));
    EXPECT_FALSE(valid_topic_name(""));
    EXPECT_FALSE(valid_topic_name("a/+"));
    EXPECT_FALSE(valid_topic_name("a/#"));
    EXPECT_FALSE(valid_topic_name("a+b"));
    EXPECT_FALSE(valid_topic_name(std::string(65536, 'a')));
    EXPECT_TRUE(valid_topic_name(std::string(65535, 'a')));
}

TEST(MqttTopic, Filters) {
    for (const char* ok : {"#", "+", "a/#", "a/+/b", "+/+", "/+", "+/", "a//b", "$SYS/#", "sport/tennis/+"})
        EXPECT_TRUE(valid_topic_filter(ok)) << ok;
    for (const char* bad : {"", "a#", "a/#/b", "#/a", "a+", "+a", "a/b+", "a/+b/c", "##"})
        EXPECT_FALSE(valid_topic_filter(bad)) << bad;
}

TEST(MqttTopic, Matching) {
    EXPECT_TRUE(topic_matches("a/b", "a/b"));
    EXPECT_FALSE(topic_matches("a/b", "a/c"));
    EXPECT_FALSE(topic_matches("a/b", "a/b/c"));
    EXPECT_FALSE(topic_matches("a/b/c", "a/b"));
    EXPECT_TRUE(topic_matches("a/+", "a/b"));
    EXPECT_FALSE(topic_matches("a/+", "a/b/c"));
    EXPECT_FALSE(topic_matches("a/+", "a"));
    EXPECT_TRUE(topic_matches("a/+", "a/"));
    EXPECT_TRUE(topic_matches("+/+", "/finance"));
    EXPECT_TRUE(topic_matches("/+", "/finance"));
    EXPECT_FALSE(topic_matches("+", "/finance"));
    EXPECT_TRUE(topic_matches("#", "a/b/c"));
    EXPECT_TRUE(topic_matches("a/#", "a"));  // [MQTT-4.7.1-2]: the parent level too
    EXPECT_TRUE(topic_matches("a/#", "a/b/c"));
    EXPECT_FALSE(topic_matches("a/#", "b/c"));
    EXPECT_TRUE(topic_matches("a/+/c/#", "a/x/c/d/e"));
    EXPECT_FALSE(topic_matches("#", "$SYS/uptime"));
    EXPECT_FALSE(topic_matches("+/uptime", "$SYS/uptime"));
    EXPECT_TRUE(topic_matches("$SYS/#", "$SYS/uptime"));
}
