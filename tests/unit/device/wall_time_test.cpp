// The device's wall clock starts unset, as a chip's does after power-on: the device waits in
// waiting-for-time, connecting nowhere, until SNTP sets it; then it connects and reports where the
// time came from. A server that never answers, or lies, keeps it waiting (logged).
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "device_board.h"
#include "fake_hal/fake_ntp.h"
#include "firmware/app/wall_time.h"

namespace {

using device_test::Board;
using device_test::BoardConfig;
using State = fw::app::Device::State;
using fw::app::Json;

int64_t host_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// A board whose clock is unset, asking "ntp.test" (10.0.0.1), which plays `script`.
std::shared_ptr<fake::NtpServerScript> unset_clock_with_ntp(Board& b) {
    b.clock.set_unix_base(0);
    auto script = std::make_shared<fake::NtpServerScript>();
    script->unix_ms = host_now_ms();
    hal::Endpoint at = fake::Datagrams::ipv4(10, 0, 0, 1, 123);
    b.broker.udp.add_host("ntp.test", at);
    b.broker.udp.serve(at, fake::ntp_server(script));
    return script;
}

BoardConfig ntp_config(std::string identity = "dev-1") {
    BoardConfig c;
    c.identity = std::move(identity);
    c.extra_json = R"("ntp_servers": "ntp.test")";
    return c;
}

TEST(WallTime, UnsetClockWaitsForSntpThenConnects) {
    Board b(ntp_config());
    auto ntp = unset_clock_with_ntp(b);
    ntp->silent = true;
    b.boot();
    b.run_for(60000);
    EXPECT_EQ(b.state(), State::WaitingForTime);
    EXPECT_EQ(b.broker.connect_attempts, 0) << "nothing is dialled before the time is known";
    EXPECT_EQ(b.clock.unix_ms(), 0);
    EXPECT_TRUE(
        b.log.contains("state wifi -> waiting-for-time: network up; wall clock unset, asking SNTP (ntp.test:123)"));
    EXPECT_TRUE(b.log.contains("sntp: ntp.test:123: no answer within 3000 ms"));
    EXPECT_TRUE(b.log.contains("sntp: no time from any NTP server (round 1); retry in"));

    ntp->silent = false;
    ASSERT_TRUE(device_test::online(b, 10 * 60 * 1000)) << fw::app::Device::state_name(b.state());
    EXPECT_TRUE(b.log.contains("state waiting-for-time -> check-credentials: time set by sntp ntp.test:123"));
    EXPECT_GT(b.clock.unix_ms(), ntp->unix_ms - 1000);

    size_t before = b.broker.received_on("devices/dev-1/cmd/response");
    b.broker.publish("devices/dev-1/cmd", R"({"id":"st","cmd":"get_status"})");
    ASSERT_TRUE(b.run_until([&] { return b.broker.received_on("devices/dev-1/cmd/response") > before; }, 5000));
    Json answer = Json::parse(b.broker.received.back().payload, nullptr, false);
    EXPECT_EQ(answer["result"].value("time_source", ""), "sntp ntp.test:123") << b.broker.received.back().payload;
}

// With no NTP server the device waits for good, saying so, and never dials the broker: its
// expired certificate is never used, whatever an unknown clock would allow.
TEST(WallTime, NoNtpServerWaitsLoggedAndNeverConnects) {
    Board b(ntp_config("dev-old"));
    auto ntp = unset_clock_with_ntp(b);
    ntp->silent = true;
    b.boot();
    b.run_for(30 * 60 * 1000);
    EXPECT_EQ(b.state(), State::WaitingForTime);
    EXPECT_EQ(b.broker.connect_attempts, 0);
    EXPECT_GE(ntp->answered, 5) << "asked again and again, with backoff";
    EXPECT_LT(ntp->answered, 100);
    EXPECT_GT(b.sensor.reads, 1000) << "the device keeps sampling meanwhile";
}

// The image was built today: a server claiming it is 2001 is not believed.
TEST(WallTime, AnswerBeforeTheImagesBuildTimeIsNotBelieved) {
    Board b(ntp_config());
    auto ntp = unset_clock_with_ntp(b);
    ntp->unix_ms = 978307200000;  // 2001-01-01
    b.build_date = "Dec 06 2026";
    b.build_time = "00:00:00";
    b.boot();
    b.run_for(5 * 60 * 1000);
    EXPECT_EQ(b.state(), State::WaitingForTime);
    EXPECT_EQ(b.clock.unix_ms(), 0);
    EXPECT_EQ(b.broker.connect_attempts, 0);
    EXPECT_TRUE(b.log.contains("2001-01-01 00:00:00Z is before this image was built (2026-12-06 00:00:00Z)"));
}

// A clock already set when the application starts (a chip's RTC through deep sleep) needs no wait.
TEST(WallTime, ClockAlreadySetConnectsWithoutSntp) {
    Board b(ntp_config());
    b.boot();
    ASSERT_TRUE(device_test::online(b, 10000));
    EXPECT_FALSE(b.log.contains("waiting-for-time"));
    EXPECT_EQ(b.broker.udp.requests, 0);
}

// WallTime alone: retry_now(), which the device calls when Wi-Fi comes back while it waits for the
// time, asks at once instead of at the end of a backoff the outage made long. It asks nothing
// before sync() and nothing once the clock is set.
TEST(WallTime, RetryNowAsksAtOnceUntilTheClockIsSet) {
    Board b;
    auto ntp = unset_clock_with_ntp(b);
    ntp->silent = true;
    fw::app::WallTime time(b.hal, b.loop, fw::app::BootInfo{});
    time.retry_now();
    b.run_for(1000);
    EXPECT_EQ(ntp->answered, 0) << "nothing to retry before sync()";

    std::vector<std::string> sets;
    time.sync({{"ntp.test", 123}}, [&](const std::string& by) { sets.push_back(by); });
    ASSERT_TRUE(b.run_until([&] { return b.log.contains("no time from any NTP server (round 1)"); }, 10000));
    b.run_for(5000);
    ASSERT_EQ(ntp->answered, 1) << "the next round waits out its backoff (15 s at least)";

    time.retry_now();
    EXPECT_TRUE(b.run_until([&] { return ntp->answered == 2; }, 1000));

    ntp->silent = false;
    time.retry_now();
    ASSERT_TRUE(b.run_until([&] { return time.known(); }, 1000));
    EXPECT_EQ(ntp->answered, 3);
    EXPECT_EQ(sets, std::vector<std::string>{"sntp ntp.test:123"});
    EXPECT_EQ(time.source(), "sntp ntp.test:123");

    time.retry_now();
    b.run_for(60000);
    EXPECT_EQ(ntp->answered, 3) << "the clock is set: the next question is the hourly resync";
}

// Servers that refused service (kiss-o'-death DENY) stay refused: Wi-Fi coming back asks them nothing.
TEST(WallTime, RetryNowLeavesServersThatRefusedServiceAlone) {
    Board b;
    auto ntp = unset_clock_with_ntp(b);
    ntp->kiss = "DENY";
    fw::app::WallTime time(b.hal, b.loop, fw::app::BootInfo{});
    time.sync({{"ntp.test", 123}}, [](const std::string&) {});
    ASSERT_TRUE(b.run_until([&] { return b.log.contains("every NTP server refused service"); }, 10000));
    ASSERT_EQ(ntp->answered, 1);
    time.retry_now();
    b.run_for(60000);
    EXPECT_EQ(ntp->answered, 1);
    EXPECT_FALSE(time.known());
    EXPECT_EQ(time.source(), "none");
}

}  // namespace
