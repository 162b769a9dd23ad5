#pragma once
// Protocomm (ESP-IDF components/protocomm): a registry of named endpoints behind one security
// scheme. `prov-session` is the scheme's handshake; plaintext endpoints (proto-ver) answer anyone;
// secured endpoints need an established session, and their payloads are decrypted before the
// handler runs and the answer is encrypted after.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "firmware/core/result.h"
#include "firmware/prov/security.h"

namespace fw::prov {

constexpr const char* kSessionEndpoint = "prov-session";

class Protocomm {
public:
    // Ok: answer with `out`. An error refuses the request.
    using Handler = std::function<Status(uint32_t session, const std::vector<uint8_t>& in, std::vector<uint8_t>& out)>;

    explicit Protocomm(Security& security) : security_(security) {}

    void add_endpoint(const std::string& name, Handler handler, bool secured = true);
    // Names of all endpoints, prov-session included (what a transport advertises).
    std::vector<std::string> endpoint_names() const;

    // Runs one request. An error means "refuse": the transport answers with an error.
    Status handle(uint32_t session, const std::string& endpoint, std::vector<uint8_t> body, std::vector<uint8_t>& out);
    void close_session(uint32_t session) { security_.close(session); }

private:
    struct Endpoint {
        std::string name;
        Handler handler;
        bool secured;
    };
    std::vector<Endpoint> endpoints_;
    Security& security_;
};

}  // namespace fw::prov
