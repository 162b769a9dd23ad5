#pragma once
// OpenRemote X.509 auto-provisioning, on the device's own connection (its certificate from the
// fleet CA, no username), repeated after every (re)connect as OpenRemote requires:
//   subscribe provisioning/{ID}/response, publish provisioning/{ID}/request
//   {"type":"x509","cert":"<PEM>"}
//   -> {"type":"success","realm":"..","asset":{"id":"<22 chars>",..}}
//   or {"type":"error","error":"<CODE>"}   MESSAGE_INVALID, CERTIFICATE_INVALID, UNAUTHORIZED,
//      FORBIDDEN, UNIQUE_ID_MISMATCH, CONFIG_DISABLED, USER_DISABLED, SERVER_ERROR, ASSET_ERROR
// Then attributes go to {realm}/{ID}/writeattributevalue/{attribute}/{assetId}.
#include <string>

#include "firmware/app/enroll/enroll_step.h"

namespace fw::app::openremote {

std::string request_topic(const std::string& id);
std::string response_topic(const std::string& id);

class Provision final : public EnrollStep {
public:
    explicit Provision(EnrollState& st) : st_(st) {}
    const char* name() const override { return "openremote-provision"; }
    std::vector<std::string> answer_filters() const override { return {response_topic(st_.device_id)}; }
    Publish request() const override;
    StepOutcome on_answer(std::string_view topic, std::string_view payload) override;

private:
    EnrollState& st_;
};

}  // namespace fw::app::openremote
