#pragma once
// Time. The firmware reads time only through this interface, so tests drive it with a manual
// clock and keep-alive, backoff and timeouts run in microseconds.
#include <cstdint>

namespace hal {

class Clock {
public:
    virtual ~Clock() = default;
    // Milliseconds since power-on; monotonic, never goes back.
    virtual uint64_t now_ms() = 0;
    // Block for at most `ms`. May return early when I/O is ready (a socket, the console), which
    // is how the event loop waits for "a timer or an event, whichever comes first".
    virtual void sleep_ms(uint32_t ms) = 0;
    // Wall-clock time in ms since the Unix epoch, or 0 while unknown. A chip's clock starts
    // unknown at every power-on and reset (RAM and timers are lost): only the firmware sets it,
    // from SNTP (firmware/net/sntp).
    virtual int64_t unix_ms() = 0;
    // Sets the wall clock to `ms` since the Unix epoch (> 0), as settimeofday() does on a chip;
    // unix_ms() then runs on from it with now_ms().
    virtual void set_unix_ms(int64_t ms) = 0;
};

}  // namespace hal
