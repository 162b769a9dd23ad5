#include "firmware/prov/kv_credential_store.h"

#include <mbedtls/platform_util.h>

namespace fw::prov {

Result<WifiCredentials> KvCredentialStore::load() {
    auto h = kv_.open(kNamespace, storage::KvMode::ReadOnly);
    if (!h.ok()) return h.err();
    auto blob = h->get_blob(kKey);
    if (!blob.ok()) return blob.err();
    const std::vector<uint8_t>& b = *blob;
    if (b.empty() || b[0] == 0 || b[0] > WifiCredentials::kMaxSsid || b.size() < 2u + b[0]) return Err::Corrupt;
    size_t pass_len = b[1 + b[0]];
    if (pass_len > WifiCredentials::kMaxPassphrase || b.size() != 2u + b[0] + pass_len) return Err::Corrupt;
    WifiCredentials c;
    c.ssid.assign(b.begin() + 1, b.begin() + 1 + b[0]);
    c.passphrase.assign(b.begin() + 2 + b[0], b.end());
    mbedtls_platform_zeroize(blob->data(), blob->size());
    return c;
}

Status KvCredentialStore::save(const WifiCredentials& c) {
    if (c.ssid.empty() || c.ssid.size() > WifiCredentials::kMaxSsid ||
        c.passphrase.size() > WifiCredentials::kMaxPassphrase)
        return Err::InvalidArg;
    std::vector<uint8_t> b;
    b.push_back(static_cast<uint8_t>(c.ssid.size()));
    b.insert(b.end(), c.ssid.begin(), c.ssid.end());
    b.push_back(static_cast<uint8_t>(c.passphrase.size()));
    b.insert(b.end(), c.passphrase.begin(), c.passphrase.end());
    auto h = kv_.open(kNamespace);
    if (!h.ok()) return h.err();
    Status st = h->set_blob(kKey, b.data(), b.size());
    mbedtls_platform_zeroize(b.data(), b.size());
    FW_TRY(st);
    return h->commit();
}

Status KvCredentialStore::erase() {
    auto h = kv_.open(kNamespace);
    if (!h.ok()) return h.err();
    FW_TRY(h->erase_key(kKey));
    return h->commit();
}

}  // namespace fw::prov
