#include "firmware/app/enroll/internal/enroll_thingsboard.h"

#include <nlohmann/json.hpp>

#include "firmware/app/identity/x509_info.h"
#include "firmware/app/platform/json_input.h"

namespace fw::app::thingsboard {
namespace {

// PEM compared without line-ending differences ("\r\n" from some servers).
std::string normalised(const std::string& pem) {
    std::string out;
    for (char c : pem)
        if (c != '\r') out += c;
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
}

}  // namespace

Publish ProvisionDevice::request() const {
    Json j;
    j["deviceName"] = st_.device_id;
    j["provisionDeviceKey"] = key_;
    j["provisionDeviceSecret"] = secret_;
    j["credentialsType"] = "X509_CERTIFICATE";
    j["hash"] = leaf_pem(st_.cert_chain_pem);
    add_client_token(j, st_);
    return {kProvisionRequestTopic, json_text(j), 1, false};
}

StepOutcome ProvisionDevice::on_answer(std::string_view, std::string_view payload) {
    Json j = parse_json_input(payload);
    if (j.is_discarded() || !j.is_object()) return StepOutcome::failed("provision response is not a JSON object");
    const std::string* status = string_member(j, "status");
    if (status == nullptr) status = string_member(j, "provisionDeviceStatus");  // ThingsBoard before 3.x
    if (status == nullptr) return StepOutcome::failed("provision response has no status");
    if (*status != "SUCCESS") {
        if (!echoes_client_token(j, st_)) return StepOutcome::not_for_us();
        const std::string* msg = string_member(j, "errorMsg");
        return StepOutcome::failed(*status + (msg != nullptr ? ": " + *msg : std::string()));
    }
    const std::string* value = string_member(j, "credentialsValue");
    if (value != nullptr && normalised(*value) != normalised(leaf_pem(st_.cert_chain_pem)))
        return StepOutcome::not_for_us();
    const std::string* type = string_member(j, "credentialsType");
    if (type != nullptr && *type != "X509_CERTIFICATE")
        return StepOutcome::failed("provisioned with credentials type " + *type + ", not X509_CERTIFICATE");
    return StepOutcome::done();
}

}  // namespace fw::app::thingsboard
