#pragma once
#include <cstdint>

#include "hal/clock.h"
#include "hal_posix/io_wait.h"

namespace hal_posix {

// Monotonic time since this boot (each boot is a new process, as RAM and timers reset on a chip).
// The wall clock starts unknown, as a chip's does after power-on or a reset: the host's own clock
// is never read for it. The firmware sets it (SNTP), and it then runs on the monotonic clock.
class PosixClock : public hal::Clock {
public:
    explicit PosixClock(IoWait& io);
    uint64_t now_ms() override;
    void sleep_ms(uint32_t ms) override;
    int64_t unix_ms() override;
    void set_unix_ms(int64_t ms) override;

private:
    IoWait& io_;
    uint64_t start_ms_;
    bool wall_known_ = false;
    int64_t unix_at_zero_ms_ = 0;  // wall time at now_ms() == 0
};

}  // namespace hal_posix
