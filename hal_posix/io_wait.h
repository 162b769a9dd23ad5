#pragma once
// File descriptors the chip waits on while the firmware sleeps: Clock::sleep_ms() returns as soon
// as one is ready, so a socket or console event wakes the event loop immediately.
#include <poll.h>

#include <vector>

namespace hal_posix {

class IoWait {
public:
    // `events` is a poll() mask; setting an fd again replaces its mask, 0 removes it.
    void set(int fd, short events);
    // Waits up to `ms` for any registered fd; plain sleep when none is registered.
    void wait(int ms);

private:
    std::vector<pollfd> fds_;
};

}  // namespace hal_posix
