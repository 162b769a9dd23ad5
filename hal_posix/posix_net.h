#pragma once
#include "hal/net.h"
#include "hal_posix/io_wait.h"

namespace hal_posix {

// BSD sockets, non-blocking, TCP_NODELAY (mbedtls writes each handshake message separately;
// with Nagle + delayed ACK a handshake would stall ~40 ms per round).
class PosixNet : public hal::Net {
public:
    explicit PosixNet(IoWait& io) : io_(io) {}
    hal::Status connect(const char* host, uint16_t port, hal::Socket& out) override;
    hal::Status connect_result(hal::Socket s) override;
    hal::Status send(hal::Socket s, const void* data, size_t len, size_t& sent) override;
    hal::Status recv(hal::Socket s, void* buf, size_t cap, size_t& got) override;
    void close(hal::Socket s) override;
    hal::Status resolve(const char* host, uint16_t port, hal::Endpoint& out) override;
    hal::Status udp_open(const hal::Endpoint& peer, hal::Socket& out) override;
    hal::Status udp_send(hal::Socket s, const void* data, size_t len) override;
    hal::Status udp_recv(hal::Socket s, void* buf, size_t cap, size_t& got) override;
    // Makes every socket operation fail as when the radio drops (Reset) until `up` again.
    void set_link_up(bool up) { link_up_ = up; }

private:
    IoWait& io_;
    bool link_up_ = true;
};

}  // namespace hal_posix
