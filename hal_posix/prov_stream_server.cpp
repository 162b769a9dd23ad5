#include "hal_posix/prov_stream_server.h"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "hal_posix/heap_scope.h"

namespace hal_posix {

// The service name is the SoftAP SSID / BLE device name on a chip; a socket has no use for it.
hal::Status ProvStreamServer::start(const std::string&, const std::vector<std::string>& endpoints) {
    HostHeap host_heap;
    endpoints_ = endpoints;
    if (running()) return hal::Status::Ok;
    listen_fd_ = open_listener();
    if (listen_fd_ < 0) return errno == EADDRINUSE ? hal::Status::Refused : hal::Status::Io;
    io_.set(listen_fd_, POLLIN);
    return hal::Status::Ok;
}

void ProvStreamServer::stop() {
    HostHeap host_heap;
    for (auto& c : conns_) c.dead = true;
    reap();
    if (listen_fd_ >= 0) {
        io_.set(listen_fd_, 0);
        ::close(listen_fd_);
        listen_fd_ = -1;
        after_close_listener();
    }
}

bool ProvStreamServer::known_endpoint(const std::string& name) const {
    return std::find(endpoints_.begin(), endpoints_.end(), name) != endpoints_.end();
}

hal::Status ProvStreamServer::poll(hal::ProvRequest& req) {
    HostHeap host_heap;
    if (!running()) return hal::Status::WouldBlock;
    accept_all();
    for (auto& c : conns_) pump(c);
    hal::Status result = hal::Status::WouldBlock;
    for (size_t i = 0; i < conns_.size() && result != hal::Status::Ok; ++i) {
        Conn& c = conns_[(next_parse_ + i) % conns_.size()];
        while (!c.dead && !c.awaiting && !c.closing) {
            Parsed p = parse(c, req);
            if (p == Parsed::Incomplete) break;
            if (p == Parsed::Request) {
                req.session = c.session;
                c.endpoint = req.endpoint;
                c.awaiting = true;
                next_parse_ = (next_parse_ + i + 1) % conns_.size();
                result = hal::Status::Ok;
                break;
            }
            if (p == Parsed::Rejected) c.closing = true;
            flush(c);
        }
        update_wait(c);
    }
    reap();
    return result;
}

hal::Status ProvStreamServer::respond(uint32_t session, const std::vector<uint8_t>& body) {
    HostHeap host_heap;
    for (auto& c : conns_) {
        if (c.session != session || !c.awaiting || c.dead) continue;
        c.out += frame(c, body);
        c.awaiting = false;
        if (c.close_after) c.closing = true;
        flush(c);
        update_wait(c);
        reap();
        return hal::Status::Ok;
    }
    return hal::Status::NotFound;
}

bool ProvStreamServer::poll_closed(uint32_t& session) {
    HostHeap host_heap;
    if (closed_.empty()) return false;
    session = closed_.front();
    closed_.pop_front();
    return true;
}

void ProvStreamServer::accept_all() {
    for (;;) {
        int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) return;
        if (conns_.size() >= kMaxConnections) {
            ::close(fd);
            continue;
        }
        Conn c;
        c.fd = fd;
        c.session = next_session_++;
        conns_.push_back(std::move(c));
        if (next_session_ == 0) next_session_ = 1;
        io_.set(fd, POLLIN);
    }
}

void ProvStreamServer::pump(Conn& c) {
    char buf[4096];
    while (!c.dead && c.in.size() < kMaxBuffered) {
        ssize_t n = ::recv(c.fd, buf, std::min(sizeof buf, kMaxBuffered - c.in.size()), 0);
        if (n > 0) {
            c.in.append(buf, static_cast<size_t>(n));
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        if (n < 0 && errno == EINTR) continue;
        c.dead = true;  // orderly close or reset: the client went away
    }
    flush(c);
    update_wait(c);
}

void ProvStreamServer::flush(Conn& c) {
    while (!c.dead && !c.out.empty()) {
        ssize_t n = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
        if (n > 0) {
            c.out.erase(0, static_cast<size_t>(n));
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
        if (n < 0 && errno == EINTR) continue;
        c.dead = true;
    }
    if (c.out.empty() && c.closing) c.dead = true;
}

void ProvStreamServer::update_wait(Conn& c) {
    if (c.dead) return;
    // A full buffer stops reading (level-triggered poll would spin on unread bytes).
    short ev = c.in.size() < kMaxBuffered ? POLLIN : 0;
    if (!c.out.empty()) ev = static_cast<short>(ev | POLLOUT);
    io_.set(c.fd, ev);
}

void ProvStreamServer::reap() {
    for (auto& c : conns_) {
        if (!c.dead) continue;
        io_.set(c.fd, 0);
        ::close(c.fd);
        closed_.push_back(c.session);
    }
    conns_.erase(std::remove_if(conns_.begin(), conns_.end(), [](const Conn& c) { return c.dead; }), conns_.end());
    if (next_parse_ >= conns_.size()) next_parse_ = 0;
}

}  // namespace hal_posix
