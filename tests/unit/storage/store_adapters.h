#pragma once
// The kv store and certfs behind one small interface (put/remove/get/keys of string values), so
// the power-cut and damage tests run the same checks on both.
#include <string>
#include <vector>

#include "firmware/storage/certfs.h"
#include "firmware/storage/kv_store.h"

namespace storage_test {

// Keys are "ns:key"; keys starting with 'b' hold blobs, the others strings.
class KvAdapter {
public:
    explicit KvAdapter(const fw::storage::FlashRegion& r) : kv_(r) {}
    fw::Status format() { return kv_.format(); }
    fw::Status mount() { return kv_.mount(); }
    fw::Status put(const std::string& k, const std::string& v) {
        auto h = handle(k);
        FW_TRY(h);
        std::string key = k.substr(k.find(':') + 1);
        FW_TRY(key[0] == 'b' ? h->set_blob(key, v.data(), v.size()) : h->set_str(key, v));
        return h->commit();
    }
    fw::Status remove(const std::string& k) {
        auto h = handle(k);
        FW_TRY(h);
        FW_TRY(h->erase_key(k.substr(k.find(':') + 1)));
        return h->commit();
    }
    fw::Result<std::string> get(const std::string& k) {
        auto h = handle(k);
        if (!h.ok()) return h.err();
        std::string key = k.substr(k.find(':') + 1);
        if (key[0] != 'b') return h->get_str(key);
        auto b = h->get_blob(key);
        if (!b.ok()) return b.err();
        return std::string(b->begin(), b->end());
    }
    std::vector<std::string> keys() const {
        std::vector<std::string> out;
        for (const auto& e : kv_.entries()) out.push_back(e.ns + ":" + e.key);
        return out;
    }
    uint64_t gc_runs() const { return kv_.nvs().stats().gc_runs; }
    const fw::storage::KvStore& store() const { return kv_; }

private:
    fw::Result<fw::storage::KvHandle> handle(const std::string& k) { return kv_.open(k.substr(0, k.find(':'))); }
    fw::storage::KvStore kv_;
};

class CertFsAdapter {
public:
    explicit CertFsAdapter(const fw::storage::FlashRegion& r) : fs_(r) {}
    fw::Status format() { return fs_.format(); }
    fw::Status mount() { return fs_.mount(); }
    fw::Status put(const std::string& k, const std::string& v) { return fs_.write(k, v.data(), v.size()); }
    fw::Status remove(const std::string& k) { return fs_.remove(k); }
    fw::Result<std::string> get(const std::string& k) {
        auto d = fs_.read(k);
        if (!d.ok()) return d.err();
        return std::string(d->begin(), d->end());
    }
    std::vector<std::string> keys() const {
        std::vector<std::string> out;
        for (const auto& f : fs_.list()) out.push_back(f.name);
        return out;
    }
    uint64_t gc_runs() const { return fs_.log().stats().gc_runs; }

private:
    fw::storage::CertFs fs_;
};

}  // namespace storage_test
