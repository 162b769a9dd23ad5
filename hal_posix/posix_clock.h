#pragma once
#include <cstdint>

#include "hal/clock.h"
#include "hal_posix/io_wait.h"

namespace hal_posix {

// Monotonic time since this boot (each boot is a new process, as RAM and timers reset on a chip).
class PosixClock : public hal::Clock {
public:
    explicit PosixClock(IoWait& io);
    uint64_t now_ms() override;
    void sleep_ms(uint32_t ms) override;
    int64_t unix_ms() override;

private:
    IoWait& io_;
    uint64_t start_ms_;
};

}  // namespace hal_posix
