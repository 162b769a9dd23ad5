#pragma once
// `prov-config` (ESP-IDF wifi_config.proto): GetStatus / SetConfig / ApplyConfig. The decoding and
// encoding live here; what they mean is up to ConfigHandlers (the provisioning manager).
#include <cstdint>
#include <string>

#include "firmware/prov/credential_store.h"
#include "firmware/prov/protocomm.h"

namespace fw::prov {

constexpr const char* kConfigEndpoint = "prov-config";

// The station state as GetStatus reports it (wifi_constants.proto's enums, same numbers).
struct WifiStatus {
    enum class State : uint8_t { Connected = 0, Connecting = 1, Disconnected = 2, ConnectionFailed = 3 };
    enum class FailReason : uint8_t { AuthError = 0, NetworkNotFound = 1 };
    State state = State::Disconnected;
    bool has_fail_reason = false;  // Disconnected after a failed attempt
    FailReason fail_reason = FailReason::AuthError;
    bool has_attempts_remaining = false;  // Connecting after a failed attempt, retries left
    uint32_t attempts_remaining = 0;
    std::string ssid;  // Connected: the network joined
};

class ConfigHandlers {
public:
    virtual ~ConfigHandlers() = default;
    virtual WifiStatus get_status() = 0;
    // InvalidArg for unusable credentials, BadState when not accepted now.
    virtual Status set_config(const WifiCredentials& creds) = 0;
    virtual Status apply_config() = 0;
};

Protocomm::Handler make_config_handler(ConfigHandlers& handlers);

}  // namespace fw::prov
