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
    virtual void close(Socket s) = 0;
};

}  // namespace hal
