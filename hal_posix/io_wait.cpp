#include "hal_posix/io_wait.h"

#include <algorithm>
#include <cerrno>
#include <ctime>

namespace hal_posix {

void IoWait::set(int fd, short events) {
    auto it = std::find_if(fds_.begin(), fds_.end(), [fd](const pollfd& p) { return p.fd == fd; });
    if (events == 0) {
        if (it != fds_.end()) fds_.erase(it);
    } else if (it != fds_.end()) {
        it->events = events;
    } else {
        fds_.push_back(pollfd{fd, events, 0});
    }
}

void IoWait::wait(int ms) {
    if (ms <= 0) return;
    if (fds_.empty()) {
        timespec ts{ms / 1000, static_cast<long>(ms % 1000) * 1000000L};
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {}
        return;
    }
    poll(fds_.data(), fds_.size(), ms);
}

}  // namespace hal_posix
