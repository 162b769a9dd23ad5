#pragma once
// Key-value store for the `nvs` partition, in the spirit of ESP-IDF's nvs: open a namespace to get
// a handle, set/get typed values, commit. Sets and erases are staged in the handle (and visible to
// its own gets) until commit(); commit writes them in order, each key atomically, and when it
// returns Ok they are durable. Staged changes a handle still holds when it is dropped, or when
// power is lost, are gone. On flash it is ESP-IDF's NVS format (version 2, NvsPages): a partition
// from nvs_partition_gen.py mounts here, and ESP-IDF's tools read what this writes. Layout in
// STORAGE_FORMAT.md.
//
// Limits: namespace and key names 1..15 bytes (no NUL); strings up to 3999 bytes (4000 with the
// NUL NVS stores, one page), blobs up to 4000 bytes written (split over pages as NVS does; longer
// ones written by other tools read fine).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "firmware/core/result.h"
#include "firmware/storage/nvs_pages.h"

namespace fw::storage {

// Value types; the codes are ESP-IDF's nvs item types (a blob is stored as a blob index 0x48 and
// data chunks 0x42, the version 1 code 0x41 names it in this API).
enum class KvType : uint8_t {
    U8 = 0x01,
    I8 = 0x11,
    U16 = 0x02,
    I16 = 0x12,
    U32 = 0x04,
    I32 = 0x14,
    U64 = 0x08,
    I64 = 0x18,
    Str = 0x21,
    Blob = 0x41,
};
const char* name_of(KvType t);  // "u8" .. "i64", "string", "blob"

enum class KvMode : uint8_t { ReadOnly, ReadWrite };

struct KvEntry {
    std::string ns;
    std::string key;
    KvType type;
    size_t size;  // bytes of the value (string length, blob length or integer width)
};

class KvStore;

// A view of one namespace. It must not outlive its KvStore. Errors: NotFound for a missing key,
// InvalidArg for a bad name or a get of another type than the one stored, TooLarge for an
// oversized value, BadState for a set on a read-only handle or a store that is not mounted, NoSpace
// from commit when full.
class KvHandle {
public:
    Status set_u8(std::string_view key, uint8_t v) { return set_int(key, KvType::U8, v); }
    Status set_i8(std::string_view key, int8_t v) { return set_int(key, KvType::I8, v); }
    Status set_u16(std::string_view key, uint16_t v) { return set_int(key, KvType::U16, v); }
    Status set_i16(std::string_view key, int16_t v) { return set_int(key, KvType::I16, v); }
    Status set_u32(std::string_view key, uint32_t v) { return set_int(key, KvType::U32, v); }
    Status set_i32(std::string_view key, int32_t v) { return set_int(key, KvType::I32, v); }
    Status set_u64(std::string_view key, uint64_t v) { return set_int(key, KvType::U64, v); }
    Status set_i64(std::string_view key, int64_t v) { return set_int(key, KvType::I64, v); }
    Status set_str(std::string_view key, std::string_view value);
    Status set_blob(std::string_view key, const void* data, size_t len);

    Result<uint8_t> get_u8(std::string_view key) const { return get_int<uint8_t>(key, KvType::U8); }
    Result<int8_t> get_i8(std::string_view key) const { return get_int<int8_t>(key, KvType::I8); }
    Result<uint16_t> get_u16(std::string_view key) const { return get_int<uint16_t>(key, KvType::U16); }
    Result<int16_t> get_i16(std::string_view key) const { return get_int<int16_t>(key, KvType::I16); }
    Result<uint32_t> get_u32(std::string_view key) const { return get_int<uint32_t>(key, KvType::U32); }
    Result<int32_t> get_i32(std::string_view key) const { return get_int<int32_t>(key, KvType::I32); }
    Result<uint64_t> get_u64(std::string_view key) const { return get_int<uint64_t>(key, KvType::U64); }
    Result<int64_t> get_i64(std::string_view key) const { return get_int<int64_t>(key, KvType::I64); }
    Result<std::string> get_str(std::string_view key) const;
    Result<std::vector<uint8_t>> get_blob(std::string_view key) const;
    Result<KvType> type_of(std::string_view key) const;

    Status erase_key(std::string_view key);
    Status erase_all();
    // Writes the staged changes in order. On an error the change that failed and those after it
    // stay staged, so the caller may free space and commit again.
    Status commit();

    const std::string& ns() const { return ns_; }
    bool writable() const { return writable_; }

private:
    friend class KvStore;
    struct Op {
        bool erase_all = false;
        std::string key;
        std::optional<std::vector<uint8_t>> value;  // type byte + payload; nullopt erases the key
    };

    KvHandle(KvStore& store, std::string ns, bool writable) : store_(&store), ns_(std::move(ns)), writable_(writable) {}
    Status stage(std::string_view key, std::vector<uint8_t> encoded);
    // The encoded value as this handle sees it: staged changes first, then the store.
    Result<std::vector<uint8_t>> lookup(std::string_view key) const;
    // The payload of `key` if it holds a `want`.
    Result<std::vector<uint8_t>> typed(std::string_view key, KvType want) const;
    Status apply(const Op& op);

    template <class T>
    Status set_int(std::string_view key, KvType type, T v) {
        std::vector<uint8_t> enc(1 + sizeof(T));
        enc[0] = static_cast<uint8_t>(type);
        for (size_t i = 0; i < sizeof(T); ++i) enc[1 + i] = static_cast<uint8_t>(static_cast<uint64_t>(v) >> (8 * i));
        return stage(key, std::move(enc));
    }
    template <class T>
    Result<T> get_int(std::string_view key, KvType type) const {
        auto payload = typed(key, type);
        if (!payload.ok()) return payload.err();
        if (payload->size() != sizeof(T)) return Err::Corrupt;
        uint64_t v = 0;
        for (size_t i = 0; i < sizeof(T); ++i) v |= static_cast<uint64_t>((*payload)[i]) << (8 * i);
        return static_cast<T>(v);
    }

    KvStore* store_;
    std::string ns_;
    bool writable_;
    std::vector<Op> pending_;
};

class KvStore {
public:
    static constexpr size_t kMaxName = 15;
    static constexpr size_t kMaxStr = nvs::kChunkMax - 1;
    static constexpr size_t kMaxBlob = 4000;

    explicit KvStore(const FlashRegion& region) : nvs_(region) {}

    // See NvsPages::mount(): Corrupt (or Unsupported) means the partition is not an NVS partition
    // this store can use; it is left as it is, and only format() erases it.
    Status mount() { return nvs_.mount(); }
    Status format() { return nvs_.format(); }
    bool mounted() const { return nvs_.mounted(); }
    // ReadOnly fails with NotFound when the namespace holds no key (as nvs_open does).
    Result<KvHandle> open(std::string_view ns, KvMode mode = KvMode::ReadWrite);
    // Every committed entry of a KvType, by namespace then key.
    std::vector<KvEntry> entries() const;
    const NvsPages& nvs() const { return nvs_; }

private:
    friend class KvHandle;
    static bool valid_name(std::string_view name);
    std::optional<uint8_t> ns_index(std::string_view ns) const;
    Result<uint8_t> create_ns(std::string_view ns);
    bool ns_has_keys(uint8_t ns) const;
    // The value as KvHandle encodes it: type byte, then the payload.
    Result<std::vector<uint8_t>> read(uint8_t ns, std::string_view key) const;
    Status write(std::string_view ns, std::string_view key, const std::vector<uint8_t>& encoded);
    Status write_blob(uint8_t ns, std::string_view key, const uint8_t* data, size_t len, uint8_t start);
    // Erases a key; a blob with its chunks.
    Status remove(uint8_t ns, std::string_view key);
    Status remove_chunks(uint8_t ns, std::string_view key, uint8_t start, size_t count);

    NvsPages nvs_;
};

}  // namespace fw::storage
