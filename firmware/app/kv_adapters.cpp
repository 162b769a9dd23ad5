#include "firmware/app/kv_adapters.h"

namespace fw::app {

namespace {

// One value of namespace "config", read with `get` (a KvHandle getter).
template <typename T, typename Get>
Result<T> read_config(storage::KvStore& kv, Get get) {
    auto h = kv.open(kConfigNamespace, storage::KvMode::ReadOnly);
    if (!h.ok()) return h.err();
    return get(h.value());
}

}  // namespace

Result<std::string> KvConfigSource::get_string(const char* key) {
    return read_config<std::string>(kv_, [key](const storage::KvHandle& h) { return h.get_str(key); });
}

Result<uint32_t> KvConfigSource::get_u32(const char* key) {
    return read_config<uint32_t>(kv_, [key](const storage::KvHandle& h) { return h.get_u32(key); });
}

Result<uint8_t> KvConfigSource::get_u8(const char* key) {
    return read_config<uint8_t>(kv_, [key](const storage::KvHandle& h) { return h.get_u8(key); });
}

Status KvConfigSource::save(const std::vector<ConfigChange>& changes) {
    auto h = kv_.open(kConfigNamespace);
    if (!h.ok()) return h.err();
    for (const auto& c : changes) FW_TRY(c.is_u32 ? h->set_u32(c.key, c.number) : h->set_str(c.key, c.text));
    return h->commit();
}

}  // namespace fw::app
