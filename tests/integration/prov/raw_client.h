#pragma once
// A raw socket client for poking the provisioning transports with malformed input. The server
// runs in the test's own thread, so reads pump it between attempts.
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <functional>
#include <string>
#include <thread>

namespace provit {

class RawClient {
public:
    static RawClient tcp(uint16_t port) {
        int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
            ::close(fd);
            fd = -1;
        }
        return RawClient(fd);
    }
    static RawClient unix_socket(const std::string& path) {
        int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un a{};
        a.sun_family = AF_UNIX;
        std::strncpy(a.sun_path, path.c_str(), sizeof a.sun_path - 1);
        if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
            ::close(fd);
            fd = -1;
        }
        return RawClient(fd);
    }
    RawClient(RawClient&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
    ~RawClient() { close(); }
    void close() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }
    bool ok() const { return fd_ >= 0; }

    bool send(const std::string& s) {
        return ::send(fd_, s.data(), s.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(s.size());
    }

    // Reads until `done(buffer)` or the peer closes or ~2 s pass, pumping the server meanwhile.
    std::string read(const std::function<void()>& pump, const std::function<bool(const std::string&)>& done) {
        std::string buf;
        closed_ = false;
        ::fcntl(fd_, F_SETFL, O_NONBLOCK);
        for (int i = 0; i < 2000 && !done(buf); ++i) {
            pump();
            char tmp[4096];
            ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
            if (n > 0) {
                buf.append(tmp, static_cast<size_t>(n));
                continue;
            }
            if (n == 0) {
                closed_ = true;
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        return buf;
    }
    // True when the last read() ended because the server closed the connection.
    bool closed_by_peer() const { return closed_; }

private:
    explicit RawClient(int fd) : fd_(fd) {}
    int fd_;
    bool closed_ = false;
};

}  // namespace provit
