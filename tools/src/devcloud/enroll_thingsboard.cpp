// ThingsBoard device provisioning with X.509 credentials: a device that holds a certificate of
// the fleet CA asks to be created under its name; the provisioning key and secret admit it.
#include <array>

#include "tools/src/cloud/digest.h"
#include "tools/src/devcloud/enrollment_service.h"

#include <nlohmann/json.hpp>
#include "tools/src/devcloud/enrollment_topics.h"
#include "tools/src/devcloud/json_fields.h"
#include "tools/src/devcloud/pem.h"

namespace devcloud {
namespace {

using nlohmann::json;

// ThingsBoard device ids are UUIDs; this one follows from the name, so it is the same on every
// run without being stored.
std::string device_uuid(const std::string& name) {
    std::string seed = "thingsboard-device:" + name;
    std::string h = cloud::sha256_hex(seed.data(), seed.size());
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" +
           h.substr(20, 12);
}

}  // namespace

std::vector<Message> EnrollmentService::tb_provision(const std::string& payload) {
    const std::string response(topics::kTbResponse);
    std::string device;
    auto req = json_object(payload);
    auto fail = [&](const std::string& status, const std::string& why, const std::string& told) {
        note(device, "thingsboard/provision", status + ": " + why);
        return std::vector<Message>{{response, with_client_token(json{{"status", status}, {"errorMsg", told}}, req)}};
    };
    if (!req) return fail("FAILURE", "request is not a JSON object", "request is not a JSON object");
    static constexpr std::array<const char*, 5> kFields = {"deviceName", "provisionDeviceKey", "provisionDeviceSecret",
                                                           "credentialsType", "hash"};
    std::array<const std::string*, 5> f{};
    for (size_t i = 0; i < kFields.size(); ++i) {
        f[i] = string_field(*req, kFields[i]);
        if (f[i] == nullptr) {
            std::string why = std::string("missing string field \"") + kFields[i] + "\"";
            return fail("FAILURE", why, why);
        }
    }
    const auto& [name, key, secret, type, hash] = f;
    device = *name;
    if (*key != cfg_.tb_key || *secret != cfg_.tb_secret)
        return fail("NOT_FOUND", "wrong provisionDeviceKey or provisionDeviceSecret", "Failed to provision device!");
    if (*type != "X509_CERTIFICATE") {
        std::string why = "credentialsType '" + *type + "' is not supported (X509_CERTIFICATE only)";
        return fail("FAILURE", why, why);
    }
    std::string pem = certificate_pem(*hash);
    auto verified = ca_.verify(pem, now_ms_() / 1000);
    if (const auto* e = std::get_if<CaError>(&verified)) return fail("FAILURE", e->message, e->message);
    const std::string& cn = std::get<std::string>(verified);
    if (cn != *name) {
        std::string why = "certificate CN '" + cn + "' does not match deviceName '" + *name + "'";
        return fail("FAILURE", why, why);
    }
    std::string fingerprint = FleetCa::fingerprint(pem);
    if (auto err = record({*name, "thingsboard", fingerprint, "", "", now_ms_()}))
        return fail("FAILURE", "registry: " + *err, "cannot register the device");
    note(device, "thingsboard/provision", "SUCCESS");
    json answer = {{"status", "SUCCESS"},
                   {"credentialsType", "X509_CERTIFICATE"},
                   {"credentialsId", fingerprint},
                   {"credentialsValue", pem},
                   {"deviceId", device_uuid(*name)}};
    return {{response, with_client_token(answer, req)}};
}

}  // namespace devcloud
