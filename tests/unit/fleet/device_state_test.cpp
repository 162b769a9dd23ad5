#include "device_state.h"

#include <gtest/gtest.h>

namespace {

using fleet::DeviceState;
using fleet::Phase;

void step(DeviceState& d, uint64_t ms, const char* from, const char* to, uint64_t now = 0, const char* reason = "why") {
    d.apply({ms, from, to, reason}, now);
}

// A device that enrolls and comes online: its phases and its own timing.
TEST(FleetDeviceState, EnrollsAndComesOnline) {
    DeviceState d;
    EXPECT_EQ(d.phase(), Phase::Starting);
    step(d, 17, "boot", "mount-storage");
    EXPECT_EQ(d.phase(), Phase::Booting);
    step(d, 125, "check-credentials", "enrolling");
    EXPECT_EQ(d.phase(), Phase::Enrolling);
    step(d, 326, "enrolling", "check-credentials");
    step(d, 328, "check-credentials", "connecting");
    EXPECT_EQ(d.phase(), Phase::Connecting);
    step(d, 400, "connecting", "connecting");  // a retry: the connection started at 328
    step(d, 450, "connecting", "online", 5000);
    EXPECT_EQ(d.phase(), Phase::Online);
    EXPECT_TRUE(d.online());
    EXPECT_EQ(d.enroll_ms, 201u);
    EXPECT_EQ(d.connect_ms, 122u);
    EXPECT_EQ(d.boot_to_online_ms, 450u);
    EXPECT_EQ(d.first_online_at, 5000u);
}

TEST(FleetDeviceState, CountsAReconnectionByTheDeviceClock) {
    DeviceState d;
    step(d, 10, "boot", "mount-storage");
    step(d, 20, "check-credentials", "connecting");
    step(d, 30, "connecting", "online", 100);
    step(d, 3000, "online", "connecting", 3100);
    EXPECT_EQ(d.phase(), Phase::Reconnecting);
    EXPECT_FALSE(d.back_since(3100));
    step(d, 4000, "connecting", "connecting", 4100);
    step(d, 5500, "connecting", "online", 5600);
    ASSERT_EQ(d.reconnects.size(), 1u);
    EXPECT_EQ(d.reconnects[0].offline_ms, 2500u);
    EXPECT_TRUE(d.back_since(3100));
    EXPECT_FALSE(d.back_since(3101));     // a loss read later than this one did not happen
    EXPECT_EQ(d.boot_to_online_ms, 30u);  // the first online only
}

// After a reboot the app's clock starts again: no interval spans two boots.
TEST(FleetDeviceState, ARebootStartsTheClocksAgain) {
    DeviceState d;
    step(d, 10, "boot", "mount-storage");
    step(d, 900, "check-credentials", "enrolling");
    step(d, 5, "boot", "mount-storage");
    step(d, 50, "enrolling", "check-credentials");
    EXPECT_FALSE(d.enroll_ms);
    step(d, 60, "check-credentials", "connecting");
    step(d, 40, "connecting", "online");  // a clock gone back gives 0, never a huge number
    EXPECT_EQ(d.connect_ms, 0u);
}

TEST(FleetDeviceState, FailedKeepsItsReason) {
    DeviceState d;
    step(d, 10, "check-credentials", "needs-certificate", 0, "device.crt expired");
    EXPECT_EQ(d.phase(), Phase::Failed);
    EXPECT_EQ(d.reason(), "device.crt expired");
    DeviceState gone;
    step(gone, 10, "connecting", "online");
    gone.fail("device process exited with status 1");
    EXPECT_EQ(gone.phase(), Phase::Failed);
    EXPECT_FALSE(gone.online());
}

}  // namespace
