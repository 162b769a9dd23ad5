#include "firmware/storage/nvs_format.h"

#include <algorithm>
#include <cstring>

#include "firmware/core/bytes.h"
#include "firmware/core/crc32.h"
#include "firmware/core/text_field.h"

namespace fw::storage::nvs {

uint32_t crc(const void* data, size_t len) { return crc32_le(0xFFFFFFFF, data, len); }

void encode_page_header(uint8_t out[32], PageState state, uint32_t seq) {
    std::fill(out, out + 32, 0xFF);
    put_le32(out, static_cast<uint32_t>(state));
    put_le32(out + 4, seq);
    out[8] = kVersion;
    put_le32(out + 28, crc(out + 4, 24));  // the state is outside the CRC: it changes in place
}

PageHeader decode_page_header(const uint8_t in[32]) {
    PageHeader h;
    h.state = get_le32(in);
    h.seq = get_le32(in + 4);
    h.version = in[8];
    h.crc_ok = get_le32(in + 28) == crc(in + 4, 24);
    return h;
}

bool in_use(uint32_t state) {
    return state == static_cast<uint32_t>(PageState::Active) || state == static_cast<uint32_t>(PageState::Full) ||
           state == static_cast<uint32_t>(PageState::Freeing);
}

EntryState entry_state(const uint8_t bitmap[32], size_t index) {
    return static_cast<EntryState>((bitmap[index / 4] >> (2 * (index % 4))) & 3);
}

void set_entry_state(uint8_t bitmap[32], size_t index, EntryState s) {
    uint8_t shift = static_cast<uint8_t>(2 * (index % 4));
    bitmap[index / 4] =
        static_cast<uint8_t>((bitmap[index / 4] & ~(3u << shift)) | (static_cast<unsigned>(s) << shift));
}

std::string_view Item::key_view() const { return std::string_view(key, field_strlen(key, kMaxKey)); }
uint16_t Item::var_size() const { return get_le16(data); }
uint32_t Item::var_crc() const { return get_le32(data + 4); }
uint32_t Item::blob_size() const { return get_le32(data); }

bool is_var_length(uint8_t type) {
    return type == static_cast<uint8_t>(ItemType::Str) || type == static_cast<uint8_t>(ItemType::BlobV1) ||
           type == static_cast<uint8_t>(ItemType::BlobData);
}

size_t fixed_width(uint8_t type) {
    switch (static_cast<ItemType>(type)) {
        case ItemType::U8:
        case ItemType::I8: return 1;
        case ItemType::U16:
        case ItemType::I16: return 2;
        case ItemType::U32:
        case ItemType::I32:
        case ItemType::Float: return 4;
        case ItemType::U64:
        case ItemType::I64:
        case ItemType::Double: return 8;
        default: return 0;
    }
}

Item make_item(uint8_t ns, ItemType type, std::string_view key, uint8_t chunk) {
    Item it;
    it.ns = ns;
    it.type = static_cast<uint8_t>(type);
    it.chunk = chunk;
    std::memcpy(it.key, key.data(), std::min(key.size(), kMaxKey));
    return it;
}

void set_var_payload(Item& item, const uint8_t* payload, size_t len) {
    item.span = static_cast<uint8_t>(1 + (len + kEntrySize - 1) / kEntrySize);
    put_le16(item.data, static_cast<uint16_t>(len));
    put_le16(item.data + 2, 0xFFFF);
    put_le32(item.data + 4, crc(payload, len));
}

void set_blob_index(Item& item, uint32_t size, uint8_t chunks, uint8_t start) {
    item.span = 1;
    put_le32(item.data, size);
    item.data[4] = chunks;
    item.data[5] = start;
    put_le16(item.data + 6, 0xFFFF);
}

namespace {
uint32_t item_crc(const uint8_t raw[32]) {
    uint8_t buf[28];
    std::memcpy(buf, raw, 4);
    std::memcpy(buf + 4, raw + 8, 24);
    return crc(buf, sizeof buf);
}
}  // namespace

void encode_item(uint8_t out[32], const Item& item) {
    out[0] = item.ns;
    out[1] = item.type;
    out[2] = item.span;
    out[3] = item.chunk;
    std::memcpy(out + 8, item.key, 16);
    std::memcpy(out + 24, item.data, 8);
    put_le32(out + 4, item_crc(out));
}

Item decode_item(const uint8_t in[32]) {
    Item it;
    it.ns = in[0];
    it.type = in[1];
    it.span = in[2];
    it.chunk = in[3];
    it.crc = get_le32(in + 4);
    std::memcpy(it.key, in + 8, 16);
    std::memcpy(it.data, in + 24, 8);
    return it;
}

bool item_consistent(const Item& item, size_t entry) {
    uint8_t raw[32];
    encode_item(raw, item);
    if (get_le32(raw + 4) != item.crc || entry >= kEntryCount) return false;
    if (fixed_width(item.type) != 0) return item.span == 1;
    if (item.type == static_cast<uint8_t>(ItemType::BlobIdx))
        return item.span == 1 && item.chunk == kChunkAny && item.blob_chunks() <= kMaxChunks &&
               item.blob_size() <= kMaxChunks * kChunkMax;
    if (!is_var_length(item.type)) return false;
    if (item.type == static_cast<uint8_t>(ItemType::BlobData) && item.chunk == kChunkAny) return false;
    size_t size = item.var_size();
    return item.span == 1 + (size + kEntrySize - 1) / kEntrySize && item.span <= kEntryCount - entry;
}

}  // namespace fw::storage::nvs
