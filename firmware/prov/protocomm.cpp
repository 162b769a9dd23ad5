#include "firmware/prov/protocomm.h"

#include "firmware/core/log.h"

namespace fw::prov {
namespace {
constexpr const char* kTag = "protocomm";
}

void Protocomm::add_endpoint(const std::string& name, Handler handler, bool secured) {
    endpoints_.push_back(Endpoint{name, std::move(handler), secured});
}

std::vector<std::string> Protocomm::endpoint_names() const {
    std::vector<std::string> names{kSessionEndpoint};
    for (const auto& e : endpoints_) names.push_back(e.name);
    return names;
}

Status Protocomm::handle(uint32_t session, const std::string& endpoint, std::vector<uint8_t> body,
                         std::vector<uint8_t>& out) {
    out.clear();
    if (endpoint == kSessionEndpoint) return security_.handle_session(session, body, out);
    for (auto& e : endpoints_) {
        if (e.name != endpoint) continue;
        if (!e.secured) return e.handler(session, body, out);
        if (!security_.ready(session)) {
            FW_LOGW(kTag, "session %u: '%s' before the secure session", static_cast<unsigned>(session),
                    endpoint.c_str());
            return Err::BadState;
        }
        FW_TRY(security_.decrypt(session, body));
        FW_TRY(e.handler(session, body, out));
        security_.encrypt(session, out);
        return ok_status();
    }
    FW_LOGW(kTag, "unknown endpoint '%s'", endpoint.c_str());
    return Err::NotFound;
}

}  // namespace fw::prov
