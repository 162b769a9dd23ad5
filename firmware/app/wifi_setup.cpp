#include "firmware/app/wifi_setup.h"

#include <cstdio>

#include "firmware/app/prov_sec2_config.h"
#include "firmware/core/log.h"
#include "firmware/prov/device_pop.h"

namespace fw::app {
namespace {
constexpr const char* kTag = "device";
}

std::string provisioning_service_name(const uint8_t mac[6]) {
    char b[16];
    (void)std::snprintf(b, sizeof b, "PROV_%02X%02X%02X", mac[3], mac[4], mac[5]);
    return b;
}

Result<std::string> provisioning_pop(const DeviceConfig& cfg, hal::Efuse& efuse) {
    if (cfg.prov_open) return std::string();
    if (!cfg.prov_pop.empty()) return cfg.prov_pop;
    return prov::device_pop(efuse);
}

void log_provisioning_pop(const DeviceConfig& cfg, hal::Efuse& efuse) {
    auto pop = provisioning_pop(cfg, efuse);
    if (!pop.ok())
        FW_LOGE(kTag, "provisioning PoP: cannot be derived from the eFuse secret (%s)", name_of(pop.err()));
    else if (cfg.prov_open)
        FW_LOGW(kTag, "provisioning PoP: none (config/prov_open is on: provisioning is open)");
    else
        FW_LOGI(kTag, "provisioning PoP: %s (%s)", pop->c_str(),
                cfg.prov_pop.empty() ? "derived from the eFuse device secret" : "config/prov_pop");
}

Result<prov::ProvManagerConfig> provisioning_settings(const DeviceConfig& cfg, KvConfigSource& src, hal::Efuse& efuse,
                                                      const uint8_t mac[6]) {
    prov::ProvManagerConfig pc;
    pc.service_name = provisioning_service_name(mac);
    if (load_sec2_config(src, pc)) {
        FW_LOGI(kTag, "provisioning with security 2 (SRP6a)");
        return pc;
    }
    auto pop = provisioning_pop(cfg, efuse);
    if (!pop.ok()) {
        FW_LOGE(kTag, "cannot derive the provisioning PoP from the eFuse secret (%s): provisioning not started",
                name_of(pop.err()));
        return pop.err();
    }
    pc.pop = std::move(pop.value());
    return pc;
}

std::unique_ptr<prov::ProvManager> start_provisioning(const hal::Hal& hal, EventLoop& loop, const DeviceConfig& cfg,
                                                      KvConfigSource& src, prov::CredentialStore& wifi,
                                                      const uint8_t mac[6],
                                                      std::function<void(prov::ProvManager::State)> on_state) {
    auto pc = provisioning_settings(cfg, src, *hal.efuse, mac);
    if (!pc.ok()) return nullptr;
    auto prov = std::make_unique<prov::ProvManager>(loop, *hal.wifi, *hal.prov, *hal.rng, wifi, pc.value());
    prov->on_state_change(std::move(on_state));
    if (Status s = prov->start(); !s.ok()) FW_LOGE(kTag, "provisioning manager failed to start (%s)", name_of(s.err()));
    return prov;
}

}  // namespace fw::app
