#include "firmware/app/config_update.h"

#include <vector>

namespace fw::app {

ConfigUpdate update_config(DeviceConfig& cfg, const Json& params, KvConfigSource* store) {
    DeviceConfig next = cfg;
    std::vector<ConfigChange> changes;
    ConfigUpdate u;
    if (auto applied = apply_config(next, params, changes); !applied.ok()) {
        u.error = applied.err().reason.empty() ? "configuration refused" : applied.err().reason;
        return u;
    }
    if (store && !store->save(changes).ok()) return {"could not store the configuration"};
    u.reconnect = next.broker.host != cfg.broker.host || next.broker.port != cfg.broker.port ||
                  next.profile != cfg.profile || next.device_id != cfg.device_id;
    u.report_interval = next.interval_s != cfg.interval_s;
    cfg = next;
    return u;
}

bool apply_learned(DeviceConfig& cfg, const std::vector<ConfigChange>& changes, KvConfigSource* store) {
    bool stored = store == nullptr || store->save(changes).ok();
    for (const auto& c : changes) (void)set_config_text(cfg, c.key, c.text);  // checked by the step that learned them
    return stored;
}

ConfigUpdate update_interval(DeviceConfig& cfg, uint32_t interval_s, KvConfigSource* store) {
    std::vector<ConfigChange> ch{ConfigChange{cfg_key::kIntervalS, true, "", interval_s}};
    if (store && !store->save(ch).ok()) return {"could not store the interval"};
    cfg.interval_s = interval_s;
    return {"", true, false};
}

}  // namespace fw::app
