#pragma once
// The one event loop that drives the firmware. Everything is non-blocking: sockets are polled,
// timers fire from hal::Clock, HAL events and deferred work are posted to a queue. Tests drive
// the same loop with a manual clock.
#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

#include "hal/clock.h"

namespace fw {

class EventLoop {
public:
    using Fn = std::function<void()>;
    using TimerId = uint32_t;
    static constexpr TimerId kNoTimer = 0;

    explicit EventLoop(hal::Clock& clock) : clock_(clock) {}

    hal::Clock& clock() { return clock_; }
    uint64_t now_ms() { return clock_.now_ms(); }

    // Runs `fn` once after `delay_ms`, then every `period_ms` if non-zero.
    TimerId add_timer(uint32_t delay_ms, Fn fn, uint32_t period_ms = 0);
    // Cancelling an expired or unknown id is a no-op.
    void cancel(TimerId id);
    bool active(TimerId id) const;
    // Runs `fn` on the next iteration, in posting order.
    void post(Fn fn);
    // Called on every iteration (socket and HAL event polling). Returns a handle for removal.
    uint32_t add_poller(Fn fn);
    void remove_poller(uint32_t id);

    // One iteration: pollers, due timers, posted work, then sleep until the next timer (at most
    // `max_wait_ms`) unless work is already pending.
    void run_once(uint32_t max_wait_ms = 1000);
    // Sleeps that lasted the whole `max_wait_ms`: no timer was due sooner and nothing (a socket,
    // the console, a HAL event) woke the clock. Every source of work must wake the loop, so a
    // busy device counts none; work that waited for one waited up to `max_wait_ms` for nothing.
    uint32_t idle_timeouts() const { return idle_timeouts_; }
    // Runs until stop() is called.
    void run();
    void stop() { stopped_ = true; }
    // Skips the next sleep once: the caller (a handler that just finished what the code driving
    // run_once() waits for) has work to do right away, outside the loop.
    void wake() { woken_ = true; }
    bool stopped() const { return stopped_; }
    // What is registered: a count that keeps rising in a steady state is a leak.
    size_t timer_count() const { return timers_.size(); }
    size_t poller_count() const { return pollers_.size(); }

private:
    struct Timer {
        TimerId id;
        uint64_t due;
        uint32_t period;
        Fn fn;
    };
    struct Poller {
        uint32_t id;
        Fn fn;
    };

    hal::Clock& clock_;
    std::vector<Timer> timers_;
    std::deque<Fn> posted_;
    std::vector<Poller> pollers_;
    TimerId next_id_ = 1;
    bool stopped_ = false;
    bool woken_ = false;
    uint32_t idle_timeouts_ = 0;
};

}  // namespace fw
