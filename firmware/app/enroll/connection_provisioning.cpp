#include "firmware/app/enroll/connection_provisioning.h"

#include "firmware/app/enroll/internal/openremote_provisioning.h"

namespace fw::app {

std::unique_ptr<ConnectionProvisioning> make_connection_provisioning(const DeviceConfig& cfg) {
    if (cfg.enroll == EnrollFlow::OpenRemote) return std::make_unique<OpenRemoteProvisioning>();
    return nullptr;
}

}  // namespace fw::app
