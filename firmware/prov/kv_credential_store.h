#pragma once
// CredentialStore on the NVS-like kv store: namespace "wifi", one blob "sta" holding
//     u8 ssid_len | ssid | u8 passphrase_len | passphrase
// One key, because the kv store commits each key atomically: a power cut can never leave a new
// SSID paired with the old passphrase.
#include "firmware/prov/credential_store.h"
#include "firmware/storage/kv_store.h"

namespace fw::prov {

class KvCredentialStore : public CredentialStore {
public:
    static constexpr const char* kNamespace = "wifi";
    static constexpr const char* kKey = "sta";

    explicit KvCredentialStore(storage::KvStore& kv) : kv_(kv) {}

    // NotFound when nothing is stored; Corrupt when the blob is malformed.
    Result<WifiCredentials> load() override;
    Status save(const WifiCredentials& creds) override;
    Status erase() override;

private:
    storage::KvStore& kv_;
};

}  // namespace fw::prov
