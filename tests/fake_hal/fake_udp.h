#pragma once
// Datagrams for unit tests, in memory: host names resolve to addresses the test registers, and
// a server registered at an address answers each datagram sent to it (any number of replies,
// none for a server that never answers). Nothing registered at an address: the port is closed,
// and the next receive reports Refused as an ICMP error would. A test's hal::Net forwards its
// DNS and UDP calls here.
#include <cstring>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "hal/net.h"

namespace fake {

class Datagrams {
public:
    using Bytes = std::vector<uint8_t>;
    using Server = std::function<std::vector<Bytes>(const Bytes& request)>;

    static hal::Endpoint ipv4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port) {
        hal::Endpoint e;
        e.addr[0] = a, e.addr[1] = b, e.addr[2] = c, e.addr[3] = d;
        e.addr_len = 4;
        e.port = port;
        return e;
    }
    // `name` resolves to `addr` (its port is ignored; resolve() takes the caller's).
    void add_host(const std::string& name, const hal::Endpoint& addr) { hosts_[name] = addr; }
    void serve(const hal::Endpoint& at, Server s) { servers_[key(at)] = std::move(s); }
    void unserve(const hal::Endpoint& at) { servers_.erase(key(at)); }
    // Delivers `bytes` to every open socket connected to `from` (an unsolicited datagram).
    void inject(const hal::Endpoint& from, const Bytes& bytes) {
        for (auto& [id, sock] : socks_)
            if (sock.peer == from) sock.inbox.push_back(bytes);
    }

    int requests = 0;  // datagrams sent by the device
    int resolves = 0;
    bool link_up = true;

    hal::Status resolve(const char* host, uint16_t port, hal::Endpoint& out) {
        ++resolves;
        if (!link_up) return hal::Status::Reset;
        auto it = hosts_.find(host);
        if (it == hosts_.end()) return hal::Status::NotFound;
        out = it->second;
        out.port = port;
        return hal::Status::Ok;
    }
    hal::Status udp_open(const hal::Endpoint& peer, hal::Socket& out) {
        if (!link_up) return hal::Status::Reset;
        out = next_++;
        socks_[out] = Sock{peer, {}, false};
        return hal::Status::Ok;
    }
    hal::Status udp_send(hal::Socket s, const void* data, size_t len) {
        auto it = socks_.find(s);
        if (it == socks_.end()) return hal::Status::Io;
        if (!link_up) return hal::Status::Reset;
        ++requests;
        auto srv = servers_.find(key(it->second.peer));
        if (srv == servers_.end()) {
            it->second.refused = true;
            return hal::Status::Ok;
        }
        Bytes req(static_cast<const uint8_t*>(data), static_cast<const uint8_t*>(data) + len);
        for (auto& r : srv->second(req)) it->second.inbox.push_back(std::move(r));
        return hal::Status::Ok;
    }
    hal::Status udp_recv(hal::Socket s, void* buf, size_t cap, size_t& got) {
        got = 0;
        auto it = socks_.find(s);
        if (it == socks_.end()) return hal::Status::Io;
        if (it->second.refused) {
            it->second.refused = false;
            return hal::Status::Refused;
        }
        if (it->second.inbox.empty()) return hal::Status::WouldBlock;
        Bytes d = std::move(it->second.inbox.front());
        it->second.inbox.pop_front();
        got = d.size() < cap ? d.size() : cap;
        if (got > 0) std::memcpy(buf, d.data(), got);
        return hal::Status::Ok;
    }
    // True when `s` was one of ours (and is now closed).
    bool close(hal::Socket s) { return socks_.erase(s) > 0; }
    size_t open_sockets() const { return socks_.size(); }

private:
    struct Sock {
        hal::Endpoint peer;
        std::deque<Bytes> inbox;
        bool refused;
    };
    static std::string key(const hal::Endpoint& e) {
        return std::string(reinterpret_cast<const char*>(e.addr), e.addr_len) + ":" + std::to_string(e.port);
    }
    std::map<std::string, hal::Endpoint> hosts_;
    std::map<std::string, Server> servers_;
    std::map<hal::Socket, Sock> socks_;
    hal::Socket next_ = 10000;  // apart from the TCP sockets of the test's own Net
};

// A test's hal::Net whose DNS and UDP are `udp`; the subclass does TCP (and must hand close()
// of a UDP socket to udp.close()).
class NetWithDatagrams : public hal::Net {
public:
    hal::Status resolve(const char* host, uint16_t port, hal::Endpoint& out) override {
        return udp.resolve(host, port, out);
    }
    hal::Status udp_open(const hal::Endpoint& peer, hal::Socket& out) override { return udp.udp_open(peer, out); }
    hal::Status udp_send(hal::Socket s, const void* data, size_t len) override { return udp.udp_send(s, data, len); }
    hal::Status udp_recv(hal::Socket s, void* buf, size_t cap, size_t& got) override {
        return udp.udp_recv(s, buf, cap, got);
    }
    Datagrams udp;
};

// DNS and UDP only: TCP is Unsupported.
class DatagramNet : public NetWithDatagrams {
public:
    hal::Status connect(const char*, uint16_t, hal::Socket&) override { return hal::Status::Unsupported; }
    hal::Status connect_result(hal::Socket) override { return hal::Status::Unsupported; }
    hal::Status send(hal::Socket, const void*, size_t, size_t& sent) override {
        sent = 0;
        return hal::Status::Unsupported;
    }
    hal::Status recv(hal::Socket, void*, size_t, size_t& got) override {
        got = 0;
        return hal::Status::Unsupported;
    }
    void close(hal::Socket s) override { udp.close(s); }
};

}  // namespace fake
