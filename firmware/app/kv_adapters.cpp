#include "firmware/app/kv_adapters.h"

namespace fw::app {

Result<std::string> KvConfigSource::get_string(const char* key) {
    auto h = kv_.open(kConfigNamespace, storage::KvMode::ReadOnly);
    if (!h.ok()) return h.err();
    return h->get_str(key);
}

Result<uint32_t> KvConfigSource::get_u32(const char* key) {
    auto h = kv_.open(kConfigNamespace, storage::KvMode::ReadOnly);
    if (!h.ok()) return h.err();
    return h->get_u32(key);
}

Status KvConfigSource::save(const std::vector<ConfigChange>& changes) {
    auto h = kv_.open(kConfigNamespace);
    if (!h.ok()) return h.err();
    for (const auto& c : changes) FW_TRY(c.is_u32 ? h->set_u32(c.key, c.number) : h->set_str(c.key, c.text));
    return h->commit();
}

// SSID and passphrase live in one blob (ssid length, ssid, passphrase): one key is replaced
// atomically, so a power cut never pairs a new SSID with the old passphrase.
Result<prov::WifiCredentials> KvCredentialStore::load() {
    auto h = kv_.open(kWifiNamespace, storage::KvMode::ReadOnly);
    if (!h.ok()) return h.err();
    auto blob = h->get_blob(kStaKey);
    if (!blob.ok()) return blob.err();
    const auto& b = blob.value();
    if (b.empty() || b[0] > prov::WifiCredentials::kMaxSsid || b.size() < 1u + b[0]) return Err::Corrupt;
    prov::WifiCredentials c;
    c.ssid.assign(b.begin() + 1, b.begin() + 1 + b[0]);
    c.passphrase.assign(b.begin() + 1 + b[0], b.end());
    return c;
}

Status KvCredentialStore::save(const prov::WifiCredentials& creds) {
    if (creds.ssid.size() > prov::WifiCredentials::kMaxSsid) return Err::InvalidArg;
    auto h = kv_.open(kWifiNamespace);
    if (!h.ok()) return h.err();
    std::vector<uint8_t> b;
    b.push_back(static_cast<uint8_t>(creds.ssid.size()));
    b.insert(b.end(), creds.ssid.begin(), creds.ssid.end());
    b.insert(b.end(), creds.passphrase.begin(), creds.passphrase.end());
    FW_TRY(h->set_blob(kStaKey, b.data(), b.size()));
    return h->commit();
}

Status KvCredentialStore::erase() {
    auto h = kv_.open(kWifiNamespace);
    if (!h.ok()) return h.err();
    FW_TRY(h->erase_all());
    return h->commit();
}

}  // namespace fw::app
