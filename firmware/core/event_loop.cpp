#include "firmware/core/event_loop.h"

#include <algorithm>

namespace fw {

EventLoop::TimerId EventLoop::add_timer(uint32_t delay_ms, Fn fn, uint32_t period_ms) {
    TimerId id = next_id_++;
    if (next_id_ == kNoTimer) next_id_ = 1;
    timers_.push_back(Timer{id, clock_.now_ms() + delay_ms, period_ms, std::move(fn)});
    return id;
}

void EventLoop::cancel(TimerId id) {
    timers_.erase(std::remove_if(timers_.begin(), timers_.end(), [id](const Timer& t) { return t.id == id; }),
                  timers_.end());
}

bool EventLoop::active(TimerId id) const {
    return std::any_of(timers_.begin(), timers_.end(), [id](const Timer& t) { return t.id == id; });
}

void EventLoop::post(Fn fn) { posted_.push_back(std::move(fn)); }

uint32_t EventLoop::add_poller(Fn fn) {
    uint32_t id = next_id_++;
    pollers_.push_back(Poller{id, std::move(fn)});
    return id;
}

void EventLoop::remove_poller(uint32_t id) {
    // Pollers may remove themselves while running: blank the slot now, compact later.
    for (auto& p : pollers_)
        if (p.id == id) p.fn = nullptr;
}

void EventLoop::run_once(uint32_t max_wait_ms) {
    // Pollers may add pollers: iterate by index over the size seen at the start.
    for (size_t i = 0, n = pollers_.size(); i < n; ++i) {
        if (pollers_[i].fn) {
            Fn fn = pollers_[i].fn;  // copy: the poller may remove itself
            fn();
        }
    }
    pollers_.erase(std::remove_if(pollers_.begin(), pollers_.end(), [](const Poller& p) { return !p.fn; }),
                   pollers_.end());

    uint64_t now = clock_.now_ms();
    // Fire due timers in deadline order; a callback may add or cancel timers.
    for (;;) {
        auto it = std::min_element(timers_.begin(), timers_.end(),
                                   [](const Timer& a, const Timer& b) { return a.due < b.due; });
        if (it == timers_.end() || it->due > now) break;
        Fn fn = it->fn;
        if (it->period != 0) {
            it->due += it->period;
            if (it->due <= now) it->due = now + it->period;  // do not replay missed periods
        } else {
            timers_.erase(it);
        }
        fn();
    }

    size_t n = posted_.size();  // work posted by this work runs next iteration
    for (size_t i = 0; i < n && !posted_.empty(); ++i) {
        Fn fn = std::move(posted_.front());
        posted_.pop_front();
        fn();
    }

    if (stopped_ || !posted_.empty()) return;
    if (woken_) {
        woken_ = false;
        return;
    }
    uint64_t wait = max_wait_ms;
    now = clock_.now_ms();
    for (const auto& t : timers_) wait = std::min<uint64_t>(wait, t.due > now ? t.due - now : 0);
    if (wait == 0) return;
    clock_.sleep_ms(static_cast<uint32_t>(wait));
    if (wait == max_wait_ms && clock_.now_ms() - now >= wait) ++idle_timeouts_;
}

void EventLoop::run() {
    stopped_ = false;
    while (!stopped_) run_once();
}

}  // namespace fw
