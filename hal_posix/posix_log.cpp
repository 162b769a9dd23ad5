#include "hal_posix/posix_log.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>

#include "hal_posix/heap_scope.h"

namespace hal_posix {

PosixLog::PosixLog(IoWait& io) : io_(io) {
    if (fcntl(STDIN_FILENO, F_GETFL) < 0) {
        eof_ = true;  // no console attached
        return;
    }
    io_.set(STDIN_FILENO, POLLIN);
}

void PosixLog::write_line(const char* line, size_t len) {
    HostHeap host_heap;
    std::string s(line, len);
    s.push_back('\n');
    size_t off = 0;
    while (off < s.size()) {
        ssize_t n = ::write(STDOUT_FILENO, s.data() + off, s.size() - off);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // the UART has no listener: drop the line, as a chip would
        off += static_cast<size_t>(n);
    }
}

bool PosixLog::read_line(std::string& out) {
    HostHeap host_heap;
    // poll() first instead of O_NONBLOCK: the flag would leak into the user's shell via the tty.
    pollfd p{STDIN_FILENO, POLLIN, 0};
    while (!eof_ && poll(&p, 1, 0) == 1) {
        char buf[256];
        ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
        if (n > 0) {
            pending_.append(buf, static_cast<size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        eof_ = true;  // stop waking the loop on a closed console
        io_.set(STDIN_FILENO, 0);
    }
    auto nl = pending_.find('\n');
    if (nl == std::string::npos) return false;
    out = pending_.substr(0, nl);
    if (!out.empty() && out.back() == '\r') out.pop_back();
    pending_.erase(0, nl + 1);
    return true;
}

}  // namespace hal_posix
