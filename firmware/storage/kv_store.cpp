#include "firmware/storage/kv_store.h"

#include <algorithm>
#include <map>

#include "firmware/core/enum_names.h"
#include "firmware/core/log.h"

namespace fw::storage {
namespace {

constexpr const char* kTag = "kv";
constexpr uint8_t kNsTable = 0;  // namespace entries: key = name, u8 value = the namespace's index
constexpr uint8_t kNsAny = 0xFF;

}  // namespace

constexpr fw::EnumName<KvType> kKvTypeNames[] = {
    {KvType::U8, "u8"},   {KvType::I8, "i8"},   {KvType::U16, "u16"}, {KvType::I16, "i16"},    {KvType::U32, "u32"},
    {KvType::I32, "i32"}, {KvType::U64, "u64"}, {KvType::I64, "i64"}, {KvType::Str, "string"}, {KvType::Blob, "blob"},
};

const char* name_of(KvType t) { return fw::name_in(kKvTypeNames, t, "unknown"); }

bool KvStore::valid_name(std::string_view name) {
    return !name.empty() && name.size() <= kMaxName && name.find('\0') == std::string_view::npos;
}

std::optional<uint8_t> KvStore::ns_index(std::string_view ns) const {
    const nvs::Item* it = nvs_.find(NvsPages::Id{kNsTable, std::string(ns), nvs::kChunkAny});
    if (it == nullptr || it->type != static_cast<uint8_t>(nvs::ItemType::U8)) return std::nullopt;
    return it->data[0];
}

Result<uint8_t> KvStore::create_ns(std::string_view ns) {
    if (auto idx = ns_index(ns)) return *idx;
    bool taken[256] = {};
    nvs_.for_each([&](const NvsPages::Id& id, const nvs::Item& it) {
        if (id.ns == kNsTable && it.type == static_cast<uint8_t>(nvs::ItemType::U8)) taken[it.data[0]] = true;
    });
    uint8_t idx = 1;
    while (idx < kNsAny && taken[idx]) ++idx;
    if (idx == kNsAny) {
        FW_LOGE(kTag, "cannot create namespace %.*s: all 254 namespace indexes are taken", static_cast<int>(ns.size()),
                ns.data());
        return Err::NoSpace;
    }
    nvs::Item item = nvs::make_item(kNsTable, nvs::ItemType::U8, ns);
    item.data[0] = idx;
    FW_TRY(nvs_.put(item));
    return idx;
}

bool KvStore::ns_has_keys(uint8_t ns) const {
    bool any = false;
    nvs_.for_each([&](const NvsPages::Id& id, const nvs::Item&) { any = any || id.ns == ns; });
    return any;
}

Result<KvHandle> KvStore::open(std::string_view ns, KvMode mode) {
    if (!nvs_.mounted()) {
        FW_LOGW(kTag, "nvs is not mounted: cannot open %.*s", static_cast<int>(ns.size()), ns.data());
        return Err::BadState;
    }
    if (!valid_name(ns)) return Err::InvalidArg;
    if (mode == KvMode::ReadOnly) {
        auto idx = ns_index(ns);
        if (!idx || !ns_has_keys(*idx)) return Err::NotFound;
    }
    return KvHandle(*this, std::string(ns), mode == KvMode::ReadWrite);
}

std::vector<KvEntry> KvStore::entries() const {
    std::map<uint8_t, std::string> names;
    nvs_.for_each([&](const NvsPages::Id& id, const nvs::Item& it) {
        if (id.ns == kNsTable && it.type == static_cast<uint8_t>(nvs::ItemType::U8)) names[it.data[0]] = id.key;
    });
    std::vector<KvEntry> out;
    nvs_.for_each([&](const NvsPages::Id& id, const nvs::Item& it) {
        auto name = names.find(id.ns);
        if (id.ns == kNsTable || id.chunk != nvs::kChunkAny || name == names.end()) return;
        auto type = static_cast<nvs::ItemType>(it.type);
        if (type == nvs::ItemType::BlobIdx)
            out.push_back(KvEntry{name->second, id.key, KvType::Blob, it.blob_size()});
        else if (type == nvs::ItemType::BlobV1)
            out.push_back(KvEntry{name->second, id.key, KvType::Blob, it.var_size()});
        else if (type == nvs::ItemType::Str)
            out.push_back(KvEntry{name->second, id.key, KvType::Str, it.var_size() > 0 ? it.var_size() - 1u : 0u});
        else if (type != nvs::ItemType::Float && type != nvs::ItemType::Double && nvs::fixed_width(it.type) != 0)
            out.push_back(KvEntry{name->second, id.key, static_cast<KvType>(it.type), nvs::fixed_width(it.type)});
    });
    std::sort(out.begin(), out.end(),
              [](const KvEntry& a, const KvEntry& b) { return a.ns != b.ns ? a.ns < b.ns : a.key < b.key; });
    return out;
}

Result<std::vector<uint8_t>> KvStore::read(uint8_t ns, std::string_view key) const {
    NvsPages::Id id{ns, std::string(key), nvs::kChunkAny};
    const nvs::Item* it = nvs_.find(id);
    if (it == nullptr) return Err::NotFound;
    auto type = static_cast<nvs::ItemType>(it->type);
    std::vector<uint8_t> out{it->type};
    if (size_t w = nvs::fixed_width(it->type); w != 0) {
        out.insert(out.end(), it->data, it->data + w);
        return out;
    }
    if (type == nvs::ItemType::BlobIdx) {
        out[0] = static_cast<uint8_t>(KvType::Blob);
        const nvs::Item idx = *it;
        for (size_t c = 0; c < idx.blob_chunks(); ++c) {
            id.chunk = static_cast<uint8_t>(idx.blob_start() + c);
            auto part = nvs_.read_payload(id);
            if (!part.ok()) return part.err() == Err::NotFound ? Err::Corrupt : part.err();
            out.insert(out.end(), part->begin(), part->end());
        }
        if (out.size() - 1 != idx.blob_size()) return Err::Corrupt;
        return out;
    }
    auto payload = nvs_.read_payload(id);
    if (!payload.ok()) return payload.err();
    if (type == nvs::ItemType::Str && !payload->empty() && payload->back() == '\0') payload->pop_back();
    out.insert(out.end(), payload->begin(), payload->end());
    return out;
}

Status KvStore::remove_chunks(uint8_t ns, std::string_view key, uint8_t start, size_t count) {
    for (size_t c = 0; c < count; ++c) {
        Status s = nvs_.erase(NvsPages::Id{ns, std::string(key), static_cast<uint8_t>(start + c)});
        if (!s.ok() && s.err() != Err::NotFound) return s;  // what is left is an orphan mount erases
    }
    return ok_status();
}

Status KvStore::remove(uint8_t ns, std::string_view key) {
    const nvs::Item* it = nvs_.find(NvsPages::Id{ns, std::string(key), nvs::kChunkAny});
    if (it == nullptr) return Err::NotFound;
    const nvs::Item old = *it;
    FW_TRY(nvs_.erase(NvsPages::Id{ns, std::string(key), nvs::kChunkAny}));
    if (old.type == static_cast<uint8_t>(nvs::ItemType::BlobIdx))
        return remove_chunks(ns, key, old.blob_start(), old.blob_chunks());
    return ok_status();
}

// As ESP-IDF places a blob: chunks filling the rest of the active page (a small first chunk moves
// to a new page instead), then the index once every chunk is written.
Status KvStore::write_blob(uint8_t ns, std::string_view key, const uint8_t* data, size_t len, uint8_t start) {
    constexpr size_t kMinFirstChunk = nvs::kChunkMax / 10;
    size_t off = 0, chunks = 0;
    Status s;
    for (size_t moves = 0; s.ok();) {
        size_t free = nvs_.free_entries();
        size_t room = free > 0 ? (free - 1) * nvs::kEntrySize : 0;
        size_t rest = len - off;
        if (free == 0 || (rest > 0 && room == 0) || (chunks == 0 && room < rest && room < kMinFirstChunk)) {
            size_t want = chunks == 0 ? std::min(rest, kMinFirstChunk) : 1;
            if (++moves > nvs_.page_count()) s = Err::NoSpace;
            if (s.ok()) s = nvs_.next_page(1 + (want + nvs::kEntrySize - 1) / nvs::kEntrySize);
            continue;
        }
        if (chunks == nvs::kMaxChunks) s = Err::TooLarge;
        size_t n = std::min(room, rest);
        if (s.ok())
            s = nvs_.put(nvs::make_item(ns, nvs::ItemType::BlobData, key, static_cast<uint8_t>(start + chunks)),
                         data + off, n);
        if (!s.ok()) break;
        ++chunks;
        off += n;
        if (off == len) break;
    }
    if (s.ok()) {
        nvs::Item idx = nvs::make_item(ns, nvs::ItemType::BlobIdx, key);
        nvs::set_blob_index(idx, static_cast<uint32_t>(len), static_cast<uint8_t>(chunks), start);
        s = nvs_.put(idx);
    }
    if (!s.ok() && nvs_.mounted()) (void)remove_chunks(ns, key, start, chunks);  // s says what failed
    return s;
}

Status KvStore::write(std::string_view ns_name, std::string_view key, const std::vector<uint8_t>& encoded) {
    auto ns = create_ns(ns_name);
    if (!ns.ok()) return ns.err();
    auto current = read(*ns, key);
    if (current.ok() && *current == encoded) return ok_status();  // unchanged: spare the flash
    const nvs::Item* found = nvs_.find(NvsPages::Id{*ns, std::string(key), nvs::kChunkAny});
    const bool old_blob = found != nullptr && found->type == static_cast<uint8_t>(nvs::ItemType::BlobIdx);
    const uint8_t old_start = old_blob ? found->blob_start() : 0, old_chunks = old_blob ? found->blob_chunks() : 0;
    const uint8_t* payload = encoded.data() + 1;
    const size_t len = encoded.size() - 1;
    auto type = static_cast<KvType>(encoded[0]);
    if (type == KvType::Blob) {
        // The new chunks take the other version's indexes, so the old blob stays whole until the
        // new index replaces it.
        uint8_t start = old_blob && old_start == 0 ? nvs::kVersion1Offset : 0;
        FW_TRY(write_blob(*ns, key, payload, len, start));
    } else if (type == KvType::Str) {
        std::vector<uint8_t> with_nul(payload, payload + len);
        with_nul.push_back(0);
        FW_TRY(nvs_.put(nvs::make_item(*ns, nvs::ItemType::Str, key), with_nul.data(), with_nul.size()));
    } else {
        nvs::Item item = nvs::make_item(*ns, static_cast<nvs::ItemType>(type), key);
        std::copy(payload, payload + len, item.data);
        FW_TRY(nvs_.put(item));
    }
    return old_blob ? remove_chunks(*ns, key, old_start, old_chunks) : ok_status();
}

Status KvHandle::stage(std::string_view key, std::vector<uint8_t> encoded) {
    if (!KvStore::valid_name(key)) return Err::InvalidArg;
    if (!writable_) return Err::BadState;
    pending_.push_back(Op{false, std::string(key), std::move(encoded)});
    return ok_status();
}

Status KvHandle::set_str(std::string_view key, std::string_view value) {
    if (value.size() > KvStore::kMaxStr) return Err::TooLarge;
    std::vector<uint8_t> enc(1 + value.size());
    enc[0] = static_cast<uint8_t>(KvType::Str);
    std::copy(value.begin(), value.end(), enc.begin() + 1);
    return stage(key, std::move(enc));
}

Status KvHandle::set_blob(std::string_view key, const void* data, size_t len) {
    if (len > KvStore::kMaxBlob) return Err::TooLarge;
    if (len > 0 && data == nullptr) return Err::InvalidArg;
    const auto* p = static_cast<const uint8_t*>(data);
    std::vector<uint8_t> enc(1 + len);
    enc[0] = static_cast<uint8_t>(KvType::Blob);
    if (len > 0) std::copy(p, p + len, enc.begin() + 1);
    return stage(key, std::move(enc));
}

Result<std::vector<uint8_t>> KvHandle::lookup(std::string_view key) const {
    if (!KvStore::valid_name(key)) return Err::InvalidArg;
    for (auto it = pending_.rbegin(); it != pending_.rend(); ++it) {
        if (it->erase_all) return Err::NotFound;
        if (it->key != key) continue;
        if (!it->value) return Err::NotFound;
        return *it->value;
    }
    auto ns = store_->ns_index(ns_);
    if (!ns) return Err::NotFound;
    return store_->read(*ns, key);
}

Result<std::vector<uint8_t>> KvHandle::typed(std::string_view key, KvType want) const {
    auto v = lookup(key);
    if (!v.ok()) return v.err();
    if (v->empty()) return Err::Corrupt;
    auto stored = static_cast<KvType>((*v)[0]);
    if (stored != want) {
        FW_LOGW(kTag, "%s/%.*s holds a %s, not a %s", ns_.c_str(), static_cast<int>(key.size()), key.data(),
                name_of(stored), name_of(want));
        return Err::InvalidArg;
    }
    v->erase(v->begin());
    return v;
}

Result<std::string> KvHandle::get_str(std::string_view key) const {
    auto p = typed(key, KvType::Str);
    if (!p.ok()) return p.err();
    return std::string(p->begin(), p->end());
}

Result<std::vector<uint8_t>> KvHandle::get_blob(std::string_view key) const { return typed(key, KvType::Blob); }

Result<KvType> KvHandle::type_of(std::string_view key) const {
    auto v = lookup(key);
    if (!v.ok()) return v.err();
    if (v->empty()) return Err::Corrupt;
    return static_cast<KvType>((*v)[0]);
}

Status KvHandle::erase_key(std::string_view key) {
    if (!writable_) return Err::BadState;
    auto v = lookup(key);
    if (!v.ok()) return v.err();
    pending_.push_back(Op{false, std::string(key), std::nullopt});
    return ok_status();
}

Status KvHandle::erase_all() {
    if (!writable_) return Err::BadState;
    pending_.clear();  // everything staged before is erased anyway
    pending_.push_back(Op{true, {}, std::nullopt});
    return ok_status();
}

Status KvHandle::apply(const Op& op) {
    if (op.value) return store_->write(ns_, op.key, *op.value);
    auto ns = store_->ns_index(ns_);
    if (!ns) return ok_status();  // nothing was ever stored here
    if (!op.erase_all) {
        Status s = store_->remove(*ns, op.key);
        return s.err() == Err::NotFound ? ok_status() : s;  // another handle may have erased it already
    }
    std::vector<std::string> keys;
    store_->nvs_.for_each([&](const NvsPages::Id& id, const nvs::Item&) {
        if (id.ns == *ns && id.chunk == nvs::kChunkAny) keys.push_back(id.key);
    });
    for (const auto& k : keys) FW_TRY(store_->remove(*ns, k));
    return ok_status();
}

Status KvHandle::commit() {
    size_t done = 0;
    Status s;
    while (done < pending_.size() && (s = apply(pending_[done])).ok()) ++done;
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(done));
    if (!s.ok()) FW_LOGW(kTag, "commit in %s stopped: %s", ns_.c_str(), name_of(s.err()));
    return s;
}

}  // namespace fw::storage
