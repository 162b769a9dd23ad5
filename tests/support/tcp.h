#pragma once
// Loopback TCP helpers: free ports chosen at run time, and a stub server that accepts connections
// and never answers (for handshake timeouts) or hangs up on demand (for peers closing early).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace testsupport {

// A port on 127.0.0.1 that was free a moment ago (bind to port 0, read it back, release it).
uint16_t free_tcp_port();

// True if a TCP connection to 127.0.0.1:port is accepted (it is closed again at once).
bool port_accepts(uint16_t port);

class TcpStub {
public:
    TcpStub() = default;
    ~TcpStub();
    TcpStub(const TcpStub&) = delete;
    TcpStub& operator=(const TcpStub&) = delete;

    // Listens on 127.0.0.1 on a free port. Clients' connects complete in the kernel backlog, so
    // a stub nobody pumps is a server that accepted and never says anything.
    bool listen();
    uint16_t port() const { return port_; }
    // Accepts waiting clients and drains what they sent, without blocking. Returns the total
    // number of bytes received so far.
    size_t pump();
    // Closes every accepted client (they see end of stream, or a reset if data was unread).
    void hang_up();

private:
    int listen_fd_ = -1;
    uint16_t port_ = 0;
    std::vector<int> clients_;
    size_t received_ = 0;
};

}  // namespace testsupport
