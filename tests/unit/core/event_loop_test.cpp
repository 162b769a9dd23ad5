#include "firmware/core/event_loop.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fake_hal/fake_hal.h"

TEST(EventLoop, OneShotTimerFiresOnceAtItsDeadline) {
    fake::ManualClock clock;
    fw::EventLoop loop(clock);
    int fired = 0;
    loop.add_timer(100, [&] { ++fired; });
    loop.run_once(10);
    EXPECT_EQ(fired, 0);
    while (clock.now_ms() < 100) loop.run_once(1000);
    loop.run_once(0);
    EXPECT_EQ(fired, 1);
    for (int i = 0; i < 5; ++i) loop.run_once(1000);
    EXPECT_EQ(fired, 1);
}

TEST(EventLoop, SleepsUntilNextTimerNotLonger) {
    fake::ManualClock clock;
    fw::EventLoop loop(clock);
    loop.add_timer(250, [] {});
    loop.run_once(1000);
    EXPECT_EQ(clock.now_ms(), 250u);
}

TEST(EventLoop, PeriodicTimerAndCancel) {
    fake::ManualClock clock;
    fw::EventLoop loop(clock);
    int ticks = 0;
    auto id = loop.add_timer(
        10, [&] { ++ticks; }, 10);
    while (clock.now_ms() < 105) loop.run_once(1000);
    EXPECT_EQ(ticks, 10);
    loop.cancel(id);
    EXPECT_FALSE(loop.active(id));
    for (int i = 0; i < 10; ++i) loop.run_once(10);
    EXPECT_EQ(ticks, 10);
}

TEST(EventLoop, TimersFireInDeadlineOrderAndPostedWorkInPostingOrder) {
    fake::ManualClock clock;
    fw::EventLoop loop(clock);
    std::vector<std::string> order;
    loop.add_timer(30, [&] { order.push_back("t30"); });
    loop.add_timer(10, [&] { order.push_back("t10"); });
    loop.post([&] { order.push_back("p1"); });
    loop.post([&] { order.push_back("p2"); });
    clock.advance(50);
    loop.run_once(0);
    std::vector<std::string> want{"t10", "t30", "p1", "p2"};
    EXPECT_EQ(order, want);
}

TEST(EventLoop, PollerCanRemoveItselfAndTimerCallbackCanCancelAnother) {
    fake::ManualClock clock;
    fw::EventLoop loop(clock);
    int polls = 0;
    uint32_t pid = 0;
    pid = loop.add_poller([&] {
        if (++polls == 3) loop.remove_poller(pid);
    });
    int late = 0;
    auto victim = loop.add_timer(20, [&] { ++late; });
    loop.add_timer(10, [&] { loop.cancel(victim); });
    for (int i = 0; i < 10; ++i) loop.run_once(10);
    EXPECT_EQ(polls, 3);
    EXPECT_EQ(late, 0);
}

TEST(EventLoop, DoesNotSleepWhilePostedWorkIsPending) {
    fake::ManualClock clock;
    fw::EventLoop loop(clock);
    int n = 0;
    std::function<void()> again = [&] {
        if (++n < 5) loop.post(again);
    };
    loop.post(again);
    for (int i = 0; i < 4; ++i) loop.run_once(1000);
    EXPECT_EQ(n, 4);
    EXPECT_EQ(clock.now_ms(), 0u);  // work was always pending: no sleep
    loop.run_once(1000);
    EXPECT_EQ(n, 5);
    EXPECT_EQ(clock.now_ms(), 1000u);  // idle now: sleeps the full wait
}

TEST(EventLoop, CountsSleepsThatNothingEndedEarly) {
    // A clock whose sleep an event ends at once while `woken` is set, as a ready socket does.
    struct WakingClock : fake::ManualClock {
        bool woken = false;
        void sleep_ms(uint32_t ms) override {
            if (!woken) fake::ManualClock::sleep_ms(ms);
        }
    } clock;
    fw::EventLoop loop(clock);
    loop.run_once(500);  // nothing registered, nothing woke it: the whole idle wait
    EXPECT_EQ(loop.idle_timeouts(), 1u);
    loop.add_timer(100, [] {});
    loop.run_once(500);  // ended by a timer, not a timeout
    loop.run_once(0);
    EXPECT_EQ(loop.idle_timeouts(), 1u);
    clock.woken = true;
    loop.run_once(500);  // ended early by an event
    EXPECT_EQ(loop.idle_timeouts(), 1u);
    EXPECT_EQ(clock.now_ms(), 600u);
}

TEST(EventLoop, WakeSkipsTheNextSleepOnce) {
    fake::ManualClock clock;
    fw::EventLoop loop(clock);
    loop.add_poller([&loop] { loop.wake(); });
    loop.run_once(500);
    EXPECT_EQ(clock.now_ms(), 0u);
    EXPECT_EQ(loop.idle_timeouts(), 0u);
    fw::EventLoop quiet(clock);
    quiet.wake();
    quiet.run_once(500);
    quiet.run_once(500);  // woken once only
    EXPECT_EQ(clock.now_ms(), 500u);
}
