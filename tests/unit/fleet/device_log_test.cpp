#include "device_log.h"

#include <gtest/gtest.h>

#include <string>

namespace {

using fleet::DeviceLog;
using fleet::Transition;

TEST(FleetDeviceLog, ReadsATransition) {
    Transition t;
    ASSERT_TRUE(fleet::parse_transition("I (392) device: state connecting -> online: MQTT connected", t));
    EXPECT_EQ(t.ms, 392u);
    EXPECT_EQ(t.from, "connecting");
    EXPECT_EQ(t.to, "online");
    EXPECT_EQ(t.reason, "MQTT connected");
    ASSERT_TRUE(fleet::parse_transition("I (17) device: state boot -> mount-storage: power-on", t));
    EXPECT_EQ(t.to, "mount-storage");
}

TEST(FleetDeviceLog, SkipsOtherLines) {
    Transition t;
    for (const char* line : {
             "I (392) mqtt: connected to localhost:1883 as 'ESP32_000001'",
             "I (5) device: device id ESP32_000001, profile generic",
             "I (x) device: state a -> b: c",
             "I () device: state a -> b: c",
             "I (1234567890123456) device: state a -> b: c",  // longer than any uptime
             "I (1) device: state a b: c",
             "I (1) device: state A -> b: c",
             "I (1) device: state a -> : c",
             "device: chip halted",
             "X (1) device: state a -> b: c",
             "",
         })
        EXPECT_FALSE(fleet::parse_transition(line, t)) << line;
}

TEST(FleetDeviceLog, JoinsLinesWrittenInPieces) {
    DeviceLog log;
    std::vector<Transition> out;
    std::string text = "I (1) app: iotfw\nI (20) device: state wifi -> check-credentials: network up\nI (21) dev";
    log.feed(text.data(), 50, out);
    EXPECT_TRUE(out.empty());
    log.feed(text.data() + 50, text.size() - 50, out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].to, "check-credentials");
    std::string rest = "ice: state check-credentials -> enrolling: enrolling\n";
    log.feed(rest.data(), rest.size(), out);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[1].ms, 21u);
    EXPECT_EQ(log.last_line(), "I (21) device: state check-credentials -> enrolling: enrolling");
}

TEST(FleetDeviceLog, DropsAnOverlongLine) {
    DeviceLog log;
    std::vector<Transition> out;
    std::string junk(10000, 'x');
    std::string line = "I (1) device: state wifi -> check-credentials: up\n";
    log.feed(junk.data(), junk.size(), out);
    log.feed(line.data(), line.size(), out);  // ends the overlong line: not a transition
    EXPECT_TRUE(out.empty());
    log.feed(line.data(), line.size(), out);
    EXPECT_EQ(out.size(), 1u);
}

}  // namespace
