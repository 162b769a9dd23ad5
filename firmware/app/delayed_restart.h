#pragma once
// A restart a moment from now rather than at once: the answer to what asked for it (a reboot or
// factory-reset command, new connection settings, an installed update) is still to reach the
// broker. A later request moves the restart, since its answer needs the delay too.
#include <cstdint>
#include <functional>

#include "firmware/core/event_loop.h"
#include "hal/hal.h"

namespace fw::app {

class DelayedRestart {
public:
    static constexpr uint32_t kDelayMs = 1500;

    // `before` runs right before the restart (the device ends its MQTT session cleanly).
    DelayedRestart(const hal::Hal& hal, EventLoop& loop, std::function<void()> before);
    ~DelayedRestart();
    DelayedRestart(const DelayedRestart&) = delete;
    DelayedRestart& operator=(const DelayedRestart&) = delete;

    // Restarts kDelayMs from now; `why` is logged.
    void request(const char* why);

private:
    const hal::Hal& hal_;
    EventLoop& loop_;
    std::function<void()> before_;
    EventLoop::TimerId timer_ = EventLoop::kNoTimer;
};

}  // namespace fw::app
