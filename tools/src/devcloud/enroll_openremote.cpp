// OpenRemote X.509 auto-provisioning: a device presents its certificate on
// provisioning/{ID}/request and is given its asset (created once, then the same on every
// reconnect, as OpenRemote devices ask again after each one).
#include "tools/src/devcloud/enrollment_service.h"

#include <nlohmann/json.hpp>
#include "tools/src/devcloud/enrollment_topics.h"
#include "tools/src/devcloud/json_fields.h"

namespace devcloud {
namespace {

using nlohmann::json;

constexpr size_t kAssetIdChars = 22;  // OpenRemote's asset ids: a UUID in base 62

}  // namespace

std::vector<Message> EnrollmentService::or_provision(const std::string& id, const std::string& payload) {
    const std::string response = std::string(topics::kOrPrefix) + id + std::string(topics::kOrResponseSuffix);
    auto error = [&](const char* code, const std::string& why) {
        note(id, "openremote/provision", std::string("error ") + code + ": " + why);
        return std::vector<Message>{{response, json{{"type", "error"}, {"error", code}}.dump()}};
    };
    auto req = json_object(payload);
    if (!req) return error("MESSAGE_INVALID", "request is not a JSON object");
    const std::string* type = string_field(*req, "type");
    if (type == nullptr || *type != "x509") return error("MESSAGE_INVALID", "\"type\" must be \"x509\"");
    const std::string* cert = string_field(*req, "cert");
    if (cert == nullptr) return error("MESSAGE_INVALID", "no \"cert\" string");
    auto verified = ca_.verify(*cert, now_ms_() / 1000);
    if (const auto* e = std::get_if<CaError>(&verified)) return error("CERTIFICATE_INVALID", e->message);
    const std::string& cn = std::get<std::string>(verified);
    if (cn != id) return error("UNIQUE_ID_MISMATCH", "certificate CN '" + cn + "' does not match the id '" + id + "'");

    const DeviceRecord* known = registry_.find(id);
    DeviceRecord r{id,
                   "openremote",
                   FleetCa::fingerprint(*cert),
                   cfg_.or_realm,
                   known != nullptr && !known->asset_id.empty() ? known->asset_id : rng_.alnum(kAssetIdChars),
                   now_ms_()};
    bool unchanged = known != nullptr && known->flow == r.flow && known->certificate_id == r.certificate_id &&
                     known->realm == r.realm && known->asset_id == r.asset_id;
    if (!unchanged) {
        if (auto err = record(r)) return error("SERVER_ERROR", "registry: " + *err);
    }
    note(id, "openremote/provision", "success: asset " + r.asset_id + (unchanged ? " (known device)" : ""));
    json asset = {{"id", r.asset_id}, {"name", id}, {"type", "ThingAsset"}, {"realm", r.realm}};
    return {{response, json{{"type", "success"}, {"realm", r.realm}, {"asset", asset}}.dump()}};
}

}  // namespace devcloud
