#include "hal_posix/posix_net.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "hal_posix/heap_scope.h"

namespace hal_posix {
namespace {

hal::Status from_errno(int e) {
    switch (e) {
        case EAGAIN:
#if EWOULDBLOCK != EAGAIN
        case EWOULDBLOCK:
#endif
        case EINPROGRESS: return hal::Status::WouldBlock;
        case ECONNREFUSED: return hal::Status::Refused;
        case ETIMEDOUT: return hal::Status::Timeout;
        case ECONNRESET:
        case EPIPE:
        case ENETDOWN:
        case ENETUNREACH:
        case EHOSTUNREACH: return hal::Status::Reset;
        default: return hal::Status::Io;
    }
}

// The sockaddr of a resolved endpoint.
socklen_t to_sockaddr(const hal::Endpoint& e, sockaddr_storage& sa) {
    std::memset(&sa, 0, sizeof sa);
    if (e.addr_len == 4) {
        auto* in = reinterpret_cast<sockaddr_in*>(&sa);
        in->sin_family = AF_INET;
        in->sin_port = htons(e.port);
        std::memcpy(&in->sin_addr, e.addr, 4);
        return sizeof *in;
    }
    auto* in6 = reinterpret_cast<sockaddr_in6*>(&sa);
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(e.port);
    std::memcpy(&in6->sin6_addr, e.addr, 16);
    return sizeof *in6;
}

}  // namespace

hal::Status PosixNet::resolve(const char* host, uint16_t port, hal::Endpoint& out) {
    HostHeap host_heap;
    if (!link_up_) return hal::Status::Reset;
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM;
    addrinfo* res = nullptr;
    if (getaddrinfo(host, nullptr, &hints, &res) != 0 || res == nullptr) return hal::Status::NotFound;
    // IPv4 first, as lwIP's default on a chip: "localhost" must reach a broker bound to 127.0.0.1.
    const addrinfo* ai = res;
    for (const addrinfo* p = res; p != nullptr; p = p->ai_next) {
        if (p->ai_family == AF_INET) {
            ai = p;
            break;
        }
    }
    out = hal::Endpoint{};
    out.port = port;
    if (ai->ai_family == AF_INET) {
        out.addr_len = 4;
        std::memcpy(out.addr, &reinterpret_cast<const sockaddr_in*>(ai->ai_addr)->sin_addr, 4);
    } else {
        out.addr_len = 16;
        std::memcpy(out.addr, &reinterpret_cast<const sockaddr_in6*>(ai->ai_addr)->sin6_addr, 16);
    }
    freeaddrinfo(res);
    return hal::Status::Ok;
}

hal::Status PosixNet::udp_open(const hal::Endpoint& peer, hal::Socket& out) {
    if (!link_up_) return hal::Status::Reset;
    if (peer.addr_len != 4 && peer.addr_len != 16) return hal::Status::NotFound;
    sockaddr_storage sa;
    socklen_t len = to_sockaddr(peer, sa);
    int fd = socket(sa.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return hal::Status::NoMem;
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&sa), len) != 0) {
        hal::Status st = from_errno(errno);
        ::close(fd);
        return st;
    }
    io_.set(fd, POLLIN);
    out = fd;
    return hal::Status::Ok;
}

hal::Status PosixNet::udp_send(hal::Socket s, const void* data, size_t len) {
    if (!link_up_) return hal::Status::Reset;
    ssize_t n = ::send(s, data, len, MSG_NOSIGNAL);
    if (n < 0) return from_errno(errno);
    return static_cast<size_t>(n) == len ? hal::Status::Ok : hal::Status::Io;
}

hal::Status PosixNet::udp_recv(hal::Socket s, void* buf, size_t cap, size_t& got) {
    got = 0;
    if (!link_up_) return hal::Status::Reset;
    ssize_t n = ::recv(s, buf, cap, MSG_TRUNC);
    if (n < 0) return from_errno(errno);
    got = static_cast<size_t>(n) < cap ? static_cast<size_t>(n) : cap;
    return hal::Status::Ok;
}

hal::Status PosixNet::connect(const char* host, uint16_t port, hal::Socket& out) {
    if (!link_up_) return hal::Status::Reset;
    hal::Endpoint peer;
    if (hal::Status st = resolve(host, port, peer); st != hal::Status::Ok) return st;
    sockaddr_storage sa;
    socklen_t len = to_sockaddr(peer, sa);
    int fd = socket(sa.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return hal::Status::NoMem;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&sa), len) != 0 && errno != EINPROGRESS) {
        hal::Status st = from_errno(errno);
        ::close(fd);
        return st;
    }
    io_.set(fd, POLLOUT);
    out = fd;
    return hal::Status::Ok;
}

hal::Status PosixNet::connect_result(hal::Socket s) {
    if (!link_up_) return hal::Status::Reset;
    pollfd p{s, POLLOUT, 0};
    if (poll(&p, 1, 0) == 0) return hal::Status::WouldBlock;
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len) != 0) return hal::Status::Io;
    if (err != 0) return from_errno(err);
    io_.set(s, POLLIN);
    return hal::Status::Ok;
}

hal::Status PosixNet::send(hal::Socket s, const void* data, size_t len, size_t& sent) {
    sent = 0;
    if (!link_up_) return hal::Status::Reset;
    ssize_t n = ::send(s, data, len, MSG_NOSIGNAL);
    if (n < 0) {
        hal::Status st = from_errno(errno);
        if (st == hal::Status::WouldBlock) io_.set(s, POLLIN | POLLOUT);  // wake when there is room
        return st;
    }
    sent = static_cast<size_t>(n);
    io_.set(s, sent < len ? POLLIN | POLLOUT : POLLIN);
    return hal::Status::Ok;
}

hal::Status PosixNet::recv(hal::Socket s, void* buf, size_t cap, size_t& got) {
    got = 0;
    if (!link_up_) return hal::Status::Reset;
    ssize_t n = ::recv(s, buf, cap, 0);
    if (n < 0) return from_errno(errno);
    if (n == 0) {
        io_.set(s, 0);  // EOF stays readable: stop waking the loop for it
        return cap == 0 ? hal::Status::Ok : hal::Status::Closed;
    }
    got = static_cast<size_t>(n);
    return hal::Status::Ok;
}

void PosixNet::close(hal::Socket s) {
    if (s == hal::kNoSocket) return;
    io_.set(s, 0);
    ::close(s);
}

}  // namespace hal_posix
