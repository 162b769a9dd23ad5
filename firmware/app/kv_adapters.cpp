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

}  // namespace fw::app
