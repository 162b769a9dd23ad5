#pragma once
// ThingsBoard device provisioning with an X.509 certificate the device already holds:
//   connect with username "provision", subscribe /provision/response, publish /provision/request
//   {"deviceName","provisionDeviceKey","provisionDeviceSecret","credentialsType":"X509_CERTIFICATE",
//    "hash":"<PEM>"}
//   -> {"status":"SUCCESS","credentialsType":"X509_CERTIFICATE","credentialsValue":"<PEM>",..}
//   or {"status":"NOT_FOUND"|"FAILURE","errorMsg":".."}
// ThingsBoard registers the certificate but does not issue it: the flow first obtains one from
// the fleet CA (aws::CreateCertificateFromCsr). A success naming another certificate is another
// device's answer (the response topic is shared on a plain broker).
#include <string>

#include "firmware/app/enroll/enroll_step.h"

namespace fw::app::thingsboard {

constexpr const char* kProvisionUsername = "provision";
constexpr const char* kProvisionRequestTopic = "/provision/request";
constexpr const char* kProvisionResponseTopic = "/provision/response";

class ProvisionDevice final : public EnrollStep {
public:
    ProvisionDevice(EnrollState& st, std::string key, std::string secret)
        : st_(st), key_(std::move(key)), secret_(std::move(secret)) {}
    const char* name() const override { return "thingsboard-provision"; }
    std::vector<std::string> answer_filters() const override { return {kProvisionResponseTopic}; }
    Publish request() const override;
    StepOutcome on_answer(std::string_view topic, std::string_view payload) override;

private:
    EnrollState& st_;
    std::string key_, secret_;
};

}  // namespace fw::app::thingsboard
