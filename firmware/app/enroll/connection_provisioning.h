#pragma once
// Registration a platform requires on every connection of the device, after CONNACK and before
// it is online: OpenRemote's X.509 auto-provisioning (enroll openremote) asks
// provisioning/{id}/request each time. The device runs the hook's step over its own connection;
// what the answer teaches comes back as configuration changes, which the device stores and then
// reconnects with, since its topics and last will name them.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "firmware/app/enroll/enroll_step.h"
#include "firmware/app/platform/device_config.h"
#include "firmware/app/platform/profile.h"

namespace fw::app {

struct Provisioned {
    std::vector<ConfigChange> changes;  // text keys; empty: nothing new, the device goes online
    std::string reconnect_why;          // with changes: why the device reconnects
};

class ConnectionProvisioning {
public:
    virtual ~ConnectionProvisioning() = default;
    // The platform, as log lines name it ("OpenRemote").
    virtual const char* platform() const = 0;
    // The client to connect as while the profile cannot be made yet because it needs what this
    // provisioning teaches; nullopt when the profile does not wait for it.
    virtual std::optional<ConnectOptions> unprovisioned_client(const DeviceConfig& cfg) const = 0;
    // A fresh request for this connection from the device whose certificate is `cert_chain_pem`;
    // the step stays valid until the next call.
    virtual EnrollStep& begin(const DeviceConfig& cfg, const std::string& cert_chain_pem) = 0;
    // Once the step is Done: what its answer taught that `cfg` does not hold yet.
    virtual Provisioned provisioned(const DeviceConfig& cfg) const = 0;
};

// The provisioning cfg's enrollment flow requires on every connection; null when it needs none.
std::unique_ptr<ConnectionProvisioning> make_connection_provisioning(const DeviceConfig& cfg);

}  // namespace fw::app
