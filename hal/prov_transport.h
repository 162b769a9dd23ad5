#pragma once
// Provisioning transport (protocomm's SoftAP/HTTP or BLE/GATT). It carries request bytes to a
// named endpoint and response bytes back; security and message formats live in firmware/prov.
// A `session` identifies one client connection (one HTTP keep-alive connection, one BLE link),
// so the firmware can keep one security session per client and reset it when the client goes.
#include <cstdint>
#include <string>
#include <vector>

#include "hal/status.h"

namespace hal {

struct ProvRequest {
    uint32_t session;
    std::string endpoint;
    std::vector<uint8_t> body;
};

class ProvTransport {
public:
    virtual ~ProvTransport() = default;
    // Starts advertising/listening with the given endpoint names.
    virtual Status start(const std::string& service_name, const std::vector<std::string>& endpoints) = 0;
    virtual void stop() = 0;
    // Pops the next request; WouldBlock when none is pending.
    virtual Status poll(ProvRequest& req) = 0;
    // Answers the oldest unanswered request of `session`. An empty `body` refuses the request:
    // the transport sends its error answer (protocomm_httpd's HTTP 500).
    virtual Status respond(uint32_t session, const std::vector<uint8_t>& body) = 0;
    // Pops the id of a session whose client went away; false when none.
    virtual bool poll_closed(uint32_t& session) = 0;
};

}  // namespace hal
