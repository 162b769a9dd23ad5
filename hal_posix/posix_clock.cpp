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
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

}  // namespace hal_posix
