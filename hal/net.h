#pragma once
// TCP/IP stack (lwIP on a chip, BSD sockets on POSIX). Every call is non-blocking; the event
// loop calls again after Clock::sleep_ms() returns. Sockets have TCP_NODELAY set: the TLS and
// MQTT layers coalesce their own writes.
#include <cstddef>
#include <cstdint>

#include "hal/status.h"

namespace hal {

using Socket = int;
constexpr Socket kNoSocket = -1;

// A resolved address: IPv4 (4 bytes) or IPv6 (16), and a port.
struct Endpoint {
    uint8_t addr[16] = {};
    uint8_t addr_len = 0;
    uint16_t port = 0;
    bool operator==(const Endpoint&) const = default;
};

class Net {
public:
    virtual ~Net() = default;
    // Resolves `host` (name or numeric address) and starts connecting. Returns Ok with `out` set;
    // the connection completes later (see connect_result). NotFound if the name does not resolve.
    virtual Status connect(const char* host, uint16_t port, Socket& out) = 0;
    // WouldBlock while the connection is in progress, Ok once established, else the failure.
    virtual Status connect_result(Socket s) = 0;
    // Sends up to `len` bytes; `sent` tells how many were taken (0 with WouldBlock when full).
    virtual Status send(Socket s, const void* data, size_t len, size_t& sent) = 0;
    // Receives up to `cap` bytes into caller-owned `buf`. Closed on orderly shutdown.
    virtual Status recv(Socket s, void* buf, size_t cap, size_t& got) = 0;
    // Closes a TCP or UDP socket.
    virtual void close(Socket s) = 0;

    // ---- DNS and datagrams (UDP), e.g. SNTP ----
    // Resolves `host` (name or numeric address) to one address, IPv4 first as lwIP's default.
    // NotFound if the name does not resolve.
    virtual Status resolve(const char* host, uint16_t port, Endpoint& out) = 0;
    // A UDP socket bound to an ephemeral local port and connected to `peer`: it sends only to
    // `peer` and receives only what `peer` sends (the stack drops other sources, as lwIP's
    // udp_connect does).
    virtual Status udp_open(const Endpoint& peer, Socket& out) = 0;
    // Sends one datagram of `len` bytes, whole or not at all (WouldBlock when the stack is full).
    virtual Status udp_send(Socket s, const void* data, size_t len) = 0;
    // Receives one datagram into `buf` (the part beyond `cap` is discarded; `got` is what was
    // kept). WouldBlock when none is waiting; Refused when the peer's port is closed (ICMP).
    virtual Status udp_recv(Socket s, void* buf, size_t cap, size_t& got) = 0;
};

}  // namespace hal
