#include "firmware/storage/kv_store.h"

#include <algorithm>

#include "firmware/core/log.h"

namespace fw::storage {
namespace {

constexpr const char* kTag = "kv";
constexpr char kSeparator = '\0';  // log key = namespace NUL key; names never hold a NUL

}  // namespace

const char* kv_type_name(KvType t) {
    switch (t) {
        case KvType::U8: return "u8";
        case KvType::I8: return "i8";
        case KvType::U16: return "u16";
        case KvType::I16: return "i16";
        case KvType::U32: return "u32";
        case KvType::I32: return "i32";
        case KvType::U64: return "u64";
        case KvType::I64: return "i64";
        case KvType::Str: return "string";
        case KvType::Blob: return "blob";
    }
    return "unknown";
}

bool KvStore::valid_name(std::string_view name) {
    return !name.empty() && name.size() <= kMaxName && name.find(kSeparator) == std::string_view::npos;
}

std::string KvStore::log_key(std::string_view ns, std::string_view key) {
    std::string k(ns);
    k.push_back(kSeparator);
    k.append(key);
    return k;
}

Result<KvHandle> KvStore::open(std::string_view ns, KvMode mode) {
    if (!log_.mounted()) return Err::BadState;
    if (!valid_name(ns)) return Err::InvalidArg;
    if (mode == KvMode::ReadOnly && log_.keys(log_key(ns, {})).empty()) return Err::NotFound;
    return KvHandle(*this, std::string(ns), mode == KvMode::ReadWrite);
}

std::vector<KvEntry> KvStore::entries() const {
    std::vector<KvEntry> out;
    for (const auto& k : log_.keys()) {
        size_t sep = k.find(kSeparator);
        auto value = log_.read(k);
        if (sep == std::string::npos || !value.ok() || value->empty()) {
            FW_LOGW(kTag, "skipping an unreadable entry");
            continue;
        }
        out.push_back(KvEntry{k.substr(0, sep), k.substr(sep + 1), static_cast<KvType>((*value)[0]), value->size() - 1});
    }
    return out;
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
    return store_->log_.read(KvStore::log_key(ns_, key));
}

Result<std::vector<uint8_t>> KvHandle::typed(std::string_view key, KvType want) const {
    auto v = lookup(key);
    if (!v.ok()) return v.err();
    if (v->empty()) return Err::Corrupt;
    auto stored = static_cast<KvType>((*v)[0]);
    if (stored != want) {
        FW_LOGW(kTag, "%s/%.*s holds a %s, not a %s", ns_.c_str(), static_cast<int>(key.size()), key.data(),
                kv_type_name(stored), kv_type_name(want));
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
    FlashLog& log = store_->log_;
    if (op.erase_all) {
        for (const auto& k : log.keys(KvStore::log_key(ns_, {}))) FW_TRY(log.remove(k));
        return ok_status();
    }
    std::string k = KvStore::log_key(ns_, op.key);
    if (op.value) return log.write(k, op.value->data(), op.value->size());
    Status s = log.remove(k);
    return s.err() == Err::NotFound ? ok_status() : s;  // another handle may have erased it already
}

Status KvHandle::commit() {
    size_t done = 0;
    Status s;
    while (done < pending_.size() && (s = apply(pending_[done])).ok()) ++done;
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(done));
    if (!s.ok()) FW_LOGW(kTag, "commit in %s stopped: %s", ns_.c_str(), err_name(s.err()));
    return s;
}

}  // namespace fw::storage
