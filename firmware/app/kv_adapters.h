#pragma once
// The kv store seen through the narrow interface configuration uses, so DeviceConfig stays
// independent of the storage API. Namespace "config" holds the DeviceConfig keys.
#include "firmware/app/platform/device_config.h"
#include "firmware/storage/kv_store.h"

namespace fw::app {

constexpr const char* kConfigNamespace = "config";

class KvConfigSource : public ConfigSource {
public:
    explicit KvConfigSource(storage::KvStore& kv) : kv_(kv) {}
    Result<std::string> get_string(const char* key) override;
    Result<uint32_t> get_u32(const char* key) override;
    Result<uint8_t> get_u8(const char* key) override;
    // Writes validated changes (set_config, set_interval) and commits them together.
    Status save(const std::vector<ConfigChange>& changes);

private:
    storage::KvStore& kv_;
};

}  // namespace fw::app
