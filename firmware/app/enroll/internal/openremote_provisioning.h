#pragma once
// The OpenRemote flow's provisioning on every connection (enroll_openremote.h): the answer names
// the device's realm and asset, which its topics and last will carry. Until the first answer the
// openremote profile cannot be made, so the device connects as a bare client (no last will).
#include <memory>

#include "firmware/app/enroll/connection_provisioning.h"

namespace fw::app {

class OpenRemoteProvisioning final : public ConnectionProvisioning {
public:
    const char* platform() const override { return "OpenRemote"; }
    std::optional<ConnectOptions> unprovisioned_client(const DeviceConfig& cfg) const override;
    EnrollStep& begin(const DeviceConfig& cfg, const std::string& cert_chain_pem) override;
    Provisioned provisioned(const DeviceConfig& cfg) const override;

private:
    EnrollState st_;
    std::unique_ptr<EnrollStep> step_;
};

}  // namespace fw::app
