#pragma once
// Where the provisioned Wi-Fi credentials live between boots. The manager writes them only after
// a successful join, so a typo never replaces a working network.
#include <string>

#include "firmware/core/result.h"

namespace fw::prov {

struct WifiCredentials {
    static constexpr size_t kMaxSsid = 32;        // 802.11 SSID
    static constexpr size_t kMaxPassphrase = 64;  // WPA: 8..63 characters, or 64 hex digits
    std::string ssid;
    std::string passphrase;
};

class CredentialStore {
public:
    virtual ~CredentialStore() = default;
    // NotFound when nothing is stored.
    virtual Result<WifiCredentials> load() = 0;
    virtual Status save(const WifiCredentials& creds) = 0;
    virtual Status erase() = 0;
};

// RAM-only store: for tests, and for a board without a kv store.
class MemCredentialStore : public CredentialStore {
public:
    Result<WifiCredentials> load() override {
        if (!has_) return Err::NotFound;
        return creds_;
    }
    Status save(const WifiCredentials& creds) override {
        creds_ = creds;
        has_ = true;
        ++saves_;
        return ok_status();
    }
    Status erase() override {
        creds_ = WifiCredentials{};
        has_ = false;
        return ok_status();
    }
    int saves() const { return saves_; }

private:
    WifiCredentials creds_;
    bool has_ = false;
    int saves_ = 0;
};

}  // namespace fw::prov
