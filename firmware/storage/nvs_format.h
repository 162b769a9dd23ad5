#pragma once
// ESP-IDF's NVS on-flash format, version 2 (what nvs_partition_gen.py writes and nvs_flash reads):
// constants, the 32-byte page header, the entry state bitmap and the 32-byte item. Layout and the
// meaning of every field are in STORAGE_FORMAT.md. Pure encoding: no flash access here.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace fw::storage::nvs {

constexpr uint32_t kPageSize = 4096;
constexpr size_t kEntrySize = 32;
constexpr size_t kEntryCount = 126;
constexpr uint32_t kBitmapOffset = 32;
constexpr uint32_t kEntriesOffset = 64;
constexpr uint8_t kVersion = 0xFE;  // format version 2 (ESP-IDF counts down from 0xFF)
constexpr uint8_t kChunkAny = 0xFF;
constexpr size_t kMaxKey = 15;
constexpr size_t kChunkMax = (kEntryCount - 1) * kEntrySize;  // 4000: one item's data on one page
constexpr uint8_t kVersion1Offset = 0x80;                     // blob chunk indexes of the other version
constexpr size_t kMaxChunks = 127;                            // chunk indexes of one version

enum class PageState : uint32_t {
    Uninitialized = 0xFFFFFFFF,
    Active = 0xFFFFFFFE,
    Full = 0xFFFFFFFC,
    Freeing = 0xFFFFFFF8,
    Corrupt = 0xFFFFFFF0,
};

enum class EntryState : uint8_t { Empty = 3, Written = 2, Illegal = 1, Erased = 0 };

enum class ItemType : uint8_t {
    U8 = 0x01,
    I8 = 0x11,
    U16 = 0x02,
    I16 = 0x12,
    U32 = 0x04,
    I32 = 0x14,
    U64 = 0x08,
    I64 = 0x18,
    Float = 0x24,
    Double = 0x28,
    Str = 0x21,
    BlobV1 = 0x41,
    BlobData = 0x42,
    BlobIdx = 0x48,
};

// CRC-32 as NVS computes it: ESP-IDF's crc32_le seeded with 0xFFFFFFFF (zlib.crc32(data, 0xFFFFFFFF)).
uint32_t crc(const void* data, size_t len);

struct PageHeader {
    uint32_t state = 0;
    uint32_t seq = 0;
    uint8_t version = 0;
    bool crc_ok = false;
};
void encode_page_header(uint8_t out[32], PageState state, uint32_t seq);
PageHeader decode_page_header(const uint8_t in[32]);
bool in_use(uint32_t state);  // Active, Full or Freeing: the page holds items

// Two bits per entry, 16 entries per little-endian 32-bit word.
EntryState entry_state(const uint8_t bitmap[32], size_t index);
void set_entry_state(uint8_t bitmap[32], size_t index, EntryState s);

struct Item {
    uint8_t ns = 0;
    uint8_t type = 0;
    uint8_t span = 1;
    uint8_t chunk = kChunkAny;
    uint32_t crc = 0;
    char key[16] = {};  // NUL-padded
    uint8_t data[8] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};

    std::string_view key_view() const;
    // Strings, blob chunks: payload size and CRC.
    uint16_t var_size() const;
    uint32_t var_crc() const;
    // Blob index: total size, chunk count and the version offset of its chunks.
    uint32_t blob_size() const;
    uint8_t blob_chunks() const { return data[4]; }
    uint8_t blob_start() const { return data[5]; }
};

bool is_var_length(uint8_t type);  // Str, BlobV1, BlobData: span > 1 with the payload after the item
// Size in bytes of a fixed-width type, 0 for the others.
size_t fixed_width(uint8_t type);

// An item ready to encode: key NUL-padded, data 0xFF, no CRC yet.
Item make_item(uint8_t ns, ItemType type, std::string_view key, uint8_t chunk = kChunkAny);
// Sets span, size and data CRC of a variable-length item for `payload`.
void set_var_payload(Item& item, const uint8_t* payload, size_t len);
void set_blob_index(Item& item, uint32_t size, uint8_t chunks, uint8_t start);

// Writes the 32 bytes with the item CRC (over bytes 0..3 and 8..31) filled in.
void encode_item(uint8_t out[32], const Item& item);
Item decode_item(const uint8_t in[32]);
// The checks ESP-IDF applies to an item header found at `entry` of a page: CRC, known type, span
// and size consistent and within the page, chunk index fitting the type.
bool item_consistent(const Item& item, size_t entry);

}  // namespace fw::storage::nvs
