#include "hal_posix/posix_clock.h"

#include <ctime>

namespace hal_posix {
namespace {

uint64_t mono_ms() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<uint64_t>(ts.tv_sec) * 1000u + static_cast<uint64_t>(ts.tv_nsec) / 1000000u;
}

}  // namespace

PosixClock::PosixClock(IoWait& io) : io_(io), start_ms_(mono_ms()) {}

uint64_t PosixClock::now_ms() { return mono_ms() - start_ms_; }

void PosixClock::sleep_ms(uint32_t ms) { io_.wait(static_cast<int>(ms)); }

int64_t PosixClock::unix_ms() {
    if (!wall_known_) return 0;
    return unix_at_zero_ms_ + static_cast<int64_t>(now_ms());
}

void PosixClock::set_unix_ms(int64_t ms) {
    if (ms <= 0) return;
    unix_at_zero_ms_ = ms - static_cast<int64_t>(now_ms());
    wall_known_ = true;
}

}  // namespace hal_posix
