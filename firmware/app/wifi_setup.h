#pragma once
// How the device asks to be put on Wi-Fi: the provisioning service's name and security (security
// 2 when config holds its salt and verifier, else security 1 with a proof of possession) and
// the PoP itself, as its label carries it.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "firmware/app/kv_adapters.h"
#include "firmware/app/platform/device_config.h"
#include "firmware/core/result.h"
#include "firmware/prov/prov_manager.h"
#include "hal/hal.h"

namespace fw::app {

// "PROV_" and the MAC's last three bytes in hex, as ESP-IDF's examples name the service.
std::string provisioning_service_name(const uint8_t mac[6]);
// The PoP provisioning uses: config/prov_pop, else the per-device one from the eFuse secret;
// empty only with config/prov_open on.
Result<std::string> provisioning_pop(const DeviceConfig& cfg, hal::Efuse& efuse);
// The PoP and where it comes from, logged for the console.
void log_provisioning_pop(const DeviceConfig& cfg, hal::Efuse& efuse);
// The provisioning manager's settings; an error (logged) when the PoP cannot be derived.
Result<prov::ProvManagerConfig> provisioning_settings(const DeviceConfig& cfg, KvConfigSource& src, hal::Efuse& efuse,
                                                      const uint8_t mac[6]);
// The provisioning manager with those settings, started: it joins the stored network or waits
// to be provisioned, and reports its state changes to `on_state`. Null (logged) without a PoP.
std::unique_ptr<prov::ProvManager> start_provisioning(const hal::Hal& hal, EventLoop& loop, const DeviceConfig& cfg,
                                                      KvConfigSource& src, prov::CredentialStore& wifi,
                                                      const uint8_t mac[6],
                                                      std::function<void(prov::ProvManager::State)> on_state);

}  // namespace fw::app
