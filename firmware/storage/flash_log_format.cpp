#include "firmware/storage/flash_log_format.h"

#include "firmware/core/bytes.h"
#include "firmware/core/crc32.h"

namespace fw::storage::flog {

SectorHeader decode_sector_header(const uint8_t (&raw)[kSectorHeaderSize]) {
    SectorHeader h;
    const uint8_t* a = raw + kPartAOffset;
    h.a_valid = get_le32(a) == kMagic && get_le32(a + 8) == crc32(a, 8);
    h.erase_count = get_le32(a + 4);
    const uint8_t* b = raw + kPartBOffset;
    h.b_blank = all_ff(b, kPartBSize);
    h.b_valid = !h.b_blank && get_le32(b + 4) == crc32(b, 4);
    h.seq = get_le32(b);
    // Any cleared bit counts: a mark is only written once its step is complete.
    h.full = raw[kFullMark] != 0xFF;
    h.gc = raw[kGcMark] != 0xFF;
    h.copied = raw[kCopiedMark] != 0xFF;
    return h;
}

void encode_part_a(uint8_t (&out)[kPartASize], uint32_t erase_count) {
    put_le32(out, kMagic);
    put_le32(out + 4, erase_count);
    put_le32(out + 8, crc32(out, 8));
}

void encode_part_b(uint8_t (&out)[kPartBSize], uint32_t seq) {
    put_le32(out, seq);
    put_le32(out + 4, crc32(out, 4));
}

HeaderCheck decode_record_header(const uint8_t (&raw)[kRecordHeaderSize], RecordHeader& out) {
    if (all_ff(raw, kRecordHeaderSize)) return HeaderCheck::Blank;
    if (get_le32(raw + 8) != crc32(raw + 1, 7)) return HeaderCheck::Torn;
    out.flags = raw[kRecordFlags];
    out.key_len = raw[1];
    out.value_len = get_le16(raw + 2);
    out.data_crc = get_le32(raw + 4);
    if (out.key_len == 0 || out.key_len > kMaxKey || out.value_len > kMaxEntry - out.key_len) return HeaderCheck::Torn;
    return HeaderCheck::Valid;
}

void encode_record_header(uint8_t (&out)[kRecordHeaderSize], const RecordHeader& h) {
    out[kRecordFlags] = h.flags;
    out[1] = h.key_len;
    put_le16(out + 2, h.value_len);
    put_le32(out + 4, h.data_crc);
    put_le32(out + 8, crc32(out + 1, 7));
}

}  // namespace fw::storage::flog
