#pragma once
// Blocking socket helpers shared by the client transports.
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "tools/src/prov/transport.h"

namespace provcli {

// Owns a connected socket; sends all and reads some with the receive timeout set.
class FdIo {
public:
    FdIo(int fd, int timeout_ms) : fd_(fd) {
        timeval tv{timeout_ms / 1000, static_cast<suseconds_t>((timeout_ms % 1000) * 1000)};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    }
    ~FdIo() { ::close(fd_); }
    FdIo(const FdIo&) = delete;
    FdIo& operator=(const FdIo&) = delete;

    void send_all(const std::string& data) {
        size_t off = 0;
        while (off < data.size()) {
            ssize_t n = ::send(fd_, data.data() + off, data.size() - off, MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) throw TransportError(std::string("send: ") + std::strerror(errno));
            off += static_cast<size_t>(n);
        }
    }
    // Appends what arrives to `buf`; throws on timeout or when the device closed the link.
    void read_more(std::string& buf) {
        char tmp[4096];
        for (;;) {
            ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
            if (n > 0) {
                buf.append(tmp, static_cast<size_t>(n));
                return;
            }
            if (n < 0 && errno == EINTR) continue;
            if (n == 0) throw TransportError("the device closed the connection");
            if (errno == EAGAIN || errno == EWOULDBLOCK) throw TransportError("timed out waiting for the device");
            throw TransportError(std::string("recv: ") + std::strerror(errno));
        }
    }

private:
    int fd_;
};

}  // namespace provcli
