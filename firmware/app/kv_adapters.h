#pragma once
// The kv store seen through the narrow interfaces configuration and provisioning use, so those
// stay independent of the storage API. Namespaces: "config" (DeviceConfig keys), "wifi".
#include "firmware/app/device_config.h"
#include "firmware/prov/credential_store.h"
#include "firmware/storage/kv_store.h"

namespace fw::app {

constexpr const char* kConfigNamespace = "config";
constexpr const char* kWifiNamespace = "wifi";

class KvConfigSource : public ConfigSource {
public:
    explicit KvConfigSource(storage::KvStore& kv) : kv_(kv) {}
    Result<std::string> get_string(const char* key) override;
    Result<uint32_t> get_u32(const char* key) override;
    // Writes validated changes (set_config, set_interval) and commits them together.
    Status save(const std::vector<ConfigChange>& changes);

private:
    storage::KvStore& kv_;
};

class KvCredentialStore : public prov::CredentialStore {
public:
    explicit KvCredentialStore(storage::KvStore& kv) : kv_(kv) {}
    Result<prov::WifiCredentials> load() override;
    Status save(const prov::WifiCredentials& creds) override;
    Status erase() override;

private:
    static constexpr const char* kStaKey = "sta";
    storage::KvStore& kv_;
};

}  // namespace fw::app
