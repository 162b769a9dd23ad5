#include "firmware/app/enroll/internal/openremote_provisioning.h"

#include "firmware/app/enroll/internal/enroll_openremote.h"
#include "firmware/core/log.h"

namespace fw::app {
namespace {
constexpr const char* kTag = "device";
}

std::optional<ConnectOptions> OpenRemoteProvisioning::unprovisioned_client(const DeviceConfig& cfg) const {
    if (cfg.profile != ProfileKind::OpenRemote || !cfg.or_asset_id.empty()) return std::nullopt;
    ConnectOptions o;
    o.client_id = cfg.device_id;
    return o;
}

EnrollStep& OpenRemoteProvisioning::begin(const DeviceConfig& cfg, const std::string& cert_chain_pem) {
    st_ = EnrollState{};
    st_.device_id = cfg.device_id;
    st_.cert_chain_pem = cert_chain_pem;
    step_ = std::make_unique<openremote::Provision>(st_);
    return *step_;
}

Provisioned OpenRemoteProvisioning::provisioned(const DeviceConfig& cfg) const {
    if (st_.realm == cfg.or_realm && st_.asset_id == cfg.or_asset_id) return {};
    FW_LOGI(kTag, "OpenRemote provisioned: realm %s, asset %s", st_.realm.c_str(), st_.asset_id.c_str());
    return {{ConfigChange{cfg_key::kOrRealm, false, st_.realm, 0},
             ConfigChange{cfg_key::kOrAssetId, false, st_.asset_id, 0}},
            "the last will and the topics name the asset now"};
}

}  // namespace fw::app
