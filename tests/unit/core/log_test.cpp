#include "firmware/core/log.h"
#include "firmware/core/internal/printable.h"

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

// A sink and a clock the log writes to at level Info.
struct LogLines : ::testing::Test {
    fake::RecordingLog sink;
    fake::ManualClock clock;
    void SetUp() override {
        fw::log::init(sink, clock);
        fw::log::set_level(fw::log::Level::Info);
    }
};

TEST_F(LogLines, LongLinesAreMarkedTruncated) {
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

TEST_F(LogLines, OutsideTextCannotForgeALineOrSendTerminalEscapes) {
    FW_LOGI("wifi", "joining '%s'", "Home\nI (0) wifi: connected to 'Bank'\r\x1b[2J\t\x7f\xc3\xa9");
    ASSERT_EQ(sink.lines.size(), 1u);
    EXPECT_EQ(sink.lines[0],
              "I (0) wifi: joining 'Home\\nI (0) wifi: connected to 'Bank'\\r\\x1B[2J\\t\\x7F\\xC3\\xA9'");
}

TEST_F(LogLines, EscapedLinesAreCutAtAWholeEscape) {
    std::string controls(400, '\x01');
    FW_LOGI("t", "%s", controls.c_str());
    ASSERT_EQ(sink.lines.size(), 1u);
    const std::string& l = sink.lines[0];
    EXPECT_LT(l.size(), 512u);
    EXPECT_EQ(l.substr(l.size() - 7), "\\x01...");
}

TEST(Printable, FitsExactlyWithoutEllipsisAndCutsWithIt) {
    char out[8];
    EXPECT_EQ(fw::escape_printable("1234567", out, sizeof out), 7u);
    EXPECT_STREQ(out, "1234567");
    EXPECT_EQ(fw::escape_printable("12345678", out, sizeof out), 7u);
    EXPECT_STREQ(out, "1234...");
    EXPECT_EQ(fw::escape_printable("abc\ndef", out, sizeof out), 6u);
    EXPECT_STREQ(out, "abc...");  // never half an escape
}
