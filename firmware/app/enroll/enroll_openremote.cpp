#include "firmware/app/enroll/internal/enroll_openremote.h"

#include <nlohmann/json.hpp>

#include "firmware/app/identity/x509_info.h"
#include "firmware/app/platform/device_config.h"
#include "firmware/app/platform/json_input.h"

namespace fw::app::openremote {

std::string request_topic(const std::string& id) { return "provisioning/" + id + "/request"; }
std::string response_topic(const std::string& id) { return "provisioning/" + id + "/response"; }

Publish Provision::request() const {
    Json j;
    j["type"] = "x509";
    j["cert"] = leaf_pem(st_.cert_chain_pem);
    return {request_topic(st_.device_id), json_text(j), 1, false};
}

StepOutcome Provision::on_answer(std::string_view, std::string_view payload) {
    Json j = parse_json_input(payload);
    if (j.is_discarded() || !j.is_object()) return StepOutcome::failed("provisioning response is not a JSON object");
    const std::string* type = string_member(j, "type");
    if (type == nullptr) return StepOutcome::failed("provisioning response has no type");
    if (*type == "error") {
        const std::string* code = string_member(j, "error");
        return StepOutcome::failed("error " + (code != nullptr ? *code : std::string("(no code)")));
    }
    if (*type != "success") return StepOutcome::failed("provisioning response of unknown type '" + *type + "'");
    const std::string* realm = string_member(j, "realm");
    auto asset = j.find("asset");
    const std::string* id = asset != j.end() ? string_member(*asset, "id") : nullptr;
    if (realm == nullptr || id == nullptr) return StepOutcome::failed("success without realm or asset id");
    DeviceConfig probe;
    if (!set_config_text(probe, cfg_key::kOrRealm, *realm).ok() ||
        !set_config_text(probe, cfg_key::kOrAssetId, *id).ok())
        return StepOutcome::failed("success with an unusable realm '" + *realm + "' or asset id '" + *id + "'");
    st_.realm = *realm;
    st_.asset_id = *id;
    return StepOutcome::done();
}

}  // namespace fw::app::openremote
