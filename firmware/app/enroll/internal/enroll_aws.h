#pragma once
// AWS IoT fleet provisioning by CSR, over the fleet's shared claim certificate:
//   $aws/certificates/create-from-csr/json          {"certificateSigningRequest":"<PEM>"}
//     .../accepted  {"certificateOwnershipToken","certificateId","certificatePem"}
//     .../rejected  {"statusCode","errorCode","errorMessage"}
//   $aws/provisioning-templates/{template}/provision/json
//                   {"certificateOwnershipToken":"..","parameters":{"SerialNumber":"<id>"}}
//     .../accepted  {"deviceConfiguration":{..},"thingName":".."}
//     .../rejected  {"statusCode","errorCode","errorMessage"}
// AWS answers on the requesting connection only; on a shared broker every claim client sees
// every answer, so each step recognises its own: the certificate must hold this device's public
// key, the thing name must be this device's id. A rejection carries no identity and is taken as
// ours (at worst one extra retry). certificatePem may carry the intermediates after the leaf.
#include <string>

#include "firmware/app/enroll/enroll_step.h"

namespace fw::app::aws {

constexpr const char* kCreateFromCsrTopic = "$aws/certificates/create-from-csr/json";
std::string provision_topic(const std::string& template_name);

// The text of a rejection: "<statusCode> <errorCode>: <errorMessage>".
std::string rejection_text(const Json& j);

class CreateCertificateFromCsr final : public EnrollStep {
public:
    explicit CreateCertificateFromCsr(EnrollState& st) : st_(st) {}
    const char* name() const override { return "create-from-csr"; }
    std::vector<std::string> answer_filters() const override;
    Publish request() const override;
    StepOutcome on_answer(std::string_view topic, std::string_view payload) override;

private:
    EnrollState& st_;
};

class RegisterThing final : public EnrollStep {
public:
    RegisterThing(EnrollState& st, std::string template_name) : st_(st), template_(std::move(template_name)) {}
    const char* name() const override { return "register-thing"; }
    std::vector<std::string> answer_filters() const override;
    Publish request() const override;
    StepOutcome on_answer(std::string_view topic, std::string_view payload) override;

private:
    EnrollState& st_;
    std::string template_;
};

}  // namespace fw::app::aws
