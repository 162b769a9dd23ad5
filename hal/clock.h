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
    // Wall-clock time in ms since the Unix epoch, or 0 while unknown (no SNTP sync yet).
    virtual int64_t unix_ms() = 0;
};

}  // namespace hal
