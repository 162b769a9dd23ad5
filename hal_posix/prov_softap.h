#pragma once
// SoftAP provisioning transport, as ESP-IDF's protocomm_httpd: an HTTP/1.1 server (here on
// 127.0.0.1) where `POST /<endpoint>` carries the request bytes as the body and the answer's body
// is the response bytes, Content-Type application/x-www-form-urlencoded. Keep-alive connections;
// one session per TCP connection. Limits: headers 4 KiB (431), body 1..4096 bytes
// (413 too large, 411 no Content-Length, 400 empty or malformed); unknown endpoint 404, other
// methods 405. A refused request (empty answer) is a 500, as protocomm_httpd sends on failure.
#include <cstdint>

#include "hal_posix/prov_stream_server.h"

namespace hal_posix {

class ProvSoftAp : public ProvStreamServer {
public:
    static constexpr size_t kMaxHeader = 4096;

    // `port` 0 picks a free port at the first start() and keeps it for later starts.
    ProvSoftAp(IoWait& io, uint16_t port) : ProvStreamServer(io), port_(port) {}
    ~ProvSoftAp() override { stop(); }

    // The bound port (valid after start()).
    uint16_t port() const { return port_; }

protected:
    int open_listener() override;
    Parsed parse(Conn& c, hal::ProvRequest& req) override;
    std::string frame(Conn& c, const std::vector<uint8_t>& body) override;

private:
    uint16_t port_;
};

}  // namespace hal_posix
