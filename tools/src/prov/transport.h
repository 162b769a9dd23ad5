#pragma once
// How the client reaches the device's protocomm endpoints. Blocking, with a receive timeout.
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace provcli {

// The link failed (connect, send, receive, timeout, malformed answer).
struct TransportError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
// The device answered with an error (HTTP 500, an empty BLE frame): it refused the request.
struct Refused : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Transport {
public:
    virtual ~Transport() = default;
    virtual std::vector<uint8_t> send(const std::string& endpoint, const std::vector<uint8_t>& body) = 0;
};

// `host_port` "host:port" (SoftAP, HTTP); `path` a Unix socket (BLE-like). Both connect at once.
std::unique_ptr<Transport> connect_softap(const std::string& host_port, int timeout_ms);
std::unique_ptr<Transport> connect_ble(const std::string& path, int timeout_ms);

}  // namespace provcli
