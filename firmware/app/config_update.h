#pragma once
// A configuration change asked for at run time (the set_config and set_interval commands):
// checked all-or-nothing, stored, and only then applied, so that a refusal or a failed write
// leaves the device as it was. What the device must do about it comes back.
#include <cstdint>
#include <string>
#include <vector>

#include "firmware/app/kv_adapters.h"
#include "firmware/app/platform/device_config.h"
#include "firmware/app/platform/json_value.h"

namespace fw::app {

struct ConfigUpdate {
    std::string error;             // not empty: refused, nothing changed
    bool report_interval = false;  // the platform is told the telemetry interval again
    bool reconnect = false;        // broker, profile or device id changed
};

// `store` null: applied for this boot only (no nvs).
ConfigUpdate update_config(DeviceConfig& cfg, const Json& params, KvConfigSource* store);
ConfigUpdate update_interval(DeviceConfig& cfg, uint32_t interval_s, KvConfigSource* store);
// Configuration the platform taught the device (text keys, already checked): applied, and stored
// when there is a `store`. False when storing failed; applied all the same, as this boot needs it.
bool apply_learned(DeviceConfig& cfg, const std::vector<ConfigChange>& changes, KvConfigSource* store);

}  // namespace fw::app
