#include "firmware/core/log.h"

#include <gtest/gtest.h>

#include <string>

#include "fake_hal/fake_hal.h"

TEST(Log, FormatsLikeEspLogAndFiltersByLevel) {
    fake::RecordingLog sink;
    fake::ManualClock clock;
    clock.advance(1234);
    fw::log::init(sink, clock);
    fw::log::set_level(fw::log::Level::Info);
    FW_LOGI("boot", "version %s", "1.0");
    FW_LOGD("boot", "hidden");
    FW_LOGE("mqtt", "code %d", 5);
    ASSERT_EQ(sink.lines.size(), 2u);
    EXPECT_EQ(sink.lines[0], "I (1234) boot: version 1.0");
    EXPECT_EQ(sink.lines[1], "E (1234) mqtt: code 5");
}

TEST(Log, LongLinesAreMarkedTruncated) {
    fake::RecordingLog sink;
    fake::ManualClock clock;
    fw::log::init(sink, clock);
    fw::log::set_level(fw::log::Level::Info);
    std::string big(2000, 'x');
    FW_LOGI("t", "%s", big.c_str());
    ASSERT_EQ(sink.lines.size(), 1u);
    EXPECT_LT(sink.lines[0].size(), 512u);
    EXPECT_EQ(sink.lines[0].substr(sink.lines[0].size() - 3), "...");
}

TEST(Log, ParsesLevelNames) {
    fw::log::Level l;
    EXPECT_TRUE(fw::log::parse_level("debug", l));
    EXPECT_EQ(l, fw::log::Level::Debug);
    EXPECT_TRUE(fw::log::parse_level("W", l));
    EXPECT_EQ(l, fw::log::Level::Warn);
    EXPECT_FALSE(fw::log::parse_level("loud", l));
}
