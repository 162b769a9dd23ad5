#pragma once
// On-flash layout of the flash log (the engine under the kv store and certfs); the full description
// is in STORAGE_FORMAT.md. Every multi-byte field is little-endian. Each field is programmed once
// after an erase, and every later state change only clears bits (NOR semantics).
#include <cstddef>
#include <cstdint>

#include "hal/flash.h"

namespace fw::storage::flog {

constexpr uint32_t kSectorSize = hal::Flash::kSectorSize;
constexpr uint32_t kMagic = 0x31474C46;  // "FLG1"

// Sector header. Part A (magic, erase count, CRC) is written right after the erase; part B (the
// sequence number, CRC) when the sector becomes the append head; each mark byte is cleared once.
constexpr uint32_t kPartAOffset = 0, kPartASize = 12;
constexpr uint32_t kPartBOffset = 12, kPartBSize = 8;
constexpr uint32_t kFullMark = 20;    // no more appends here
constexpr uint32_t kGcMark = 21;      // live records are being copied out of this sector
constexpr uint32_t kCopiedMark = 22;  // this sector holds the complete copy made by a GC
constexpr uint32_t kSectorHeaderSize = 24;
constexpr uint32_t kPayloadSize = kSectorSize - kSectorHeaderSize;

// Record header: flags (not under a CRC: cleared to retire the record), key length, value length,
// CRC-32 of key+value, CRC-32 of header bytes 1..7. Key and value follow; records are 4-aligned.
constexpr uint32_t kRecordHeaderSize = 12;
constexpr uint32_t kRecordFlags = 0;
constexpr size_t kMaxKey = 64;
constexpr size_t kMaxEntry = kPayloadSize - kRecordHeaderSize;  // key + value of the largest record

constexpr uint8_t kLive = 0xFF;  // flags byte of a record that has not been retired

inline uint32_t record_size(size_t key_len, size_t value_len) {
    return static_cast<uint32_t>((kRecordHeaderSize + key_len + value_len + 3) & ~size_t{3});
}

struct SectorHeader {
    bool a_valid = false;
    uint32_t erase_count = 0;
    bool b_blank = true;  // never activated
    bool b_valid = false;
    uint32_t seq = 0;
    bool full = false, gc = false, copied = false;
};

SectorHeader decode_sector_header(const uint8_t (&raw)[kSectorHeaderSize]);
void encode_part_a(uint8_t (&out)[kPartASize], uint32_t erase_count);
void encode_part_b(uint8_t (&out)[kPartBSize], uint32_t seq);

struct RecordHeader {
    uint8_t flags = kLive;
    uint8_t key_len = 0;
    uint16_t value_len = 0;
    uint32_t data_crc = 0;
};

enum class HeaderCheck : uint8_t { Blank, Valid, Torn };

// Valid only when the header CRC matches and the lengths describe a record that fits a sector.
HeaderCheck decode_record_header(const uint8_t (&raw)[kRecordHeaderSize], RecordHeader& out);
void encode_record_header(uint8_t (&out)[kRecordHeaderSize], const RecordHeader& h);

}  // namespace fw::storage::flog
