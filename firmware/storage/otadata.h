#pragma once
// ESP-IDF otadata: two 4 KiB sectors, each starting with one 32-byte entry
// {ota_seq, seq_label[20], ota_state, crc}; crc = crc32_le(UINT32_MAX, &ota_seq, 4). The valid
// entry with the highest seq is active; its slot is (seq - 1) % slot_count. Selecting a new slot
// writes the other sector (erase, then write), so a power cut leaves the previous entry intact.
// State changes rewrite the active sector in place, as ESP-IDF does; a cut there loses only that
// entry and the device boots the previous one (an older but valid image). See PROTOCOLS.md.
//
// The top of the seq range: 0xFFFFFFFF is erased flash (no entry), so the highest seq is
// 0xFFFFFFFE. ESP-IDF's esp_ota_set_boot_partition counts up in 32 bits there and wraps (it then
// loops for ever, or writes 0xFFFFFFFF and the switch is lost). When the next seq would pass the
// top, select_slot() numbers again from the bottom in two power-safe steps, described there.
#include <cstdint>
#include <optional>

#include "firmware/core/result.h"
#include "firmware/storage/flash_region.h"

namespace fw::storage {

enum class OtaState : uint32_t {
    New = 0,
    PendingVerify = 1,
    Valid = 2,
    Invalid = 3,
    Aborted = 4,
    Undefined = 0xFFFFFFFF,
};
const char* name_of(OtaState s);

struct OtaEntry {
    uint32_t seq = 0xFFFFFFFF;
    OtaState state = OtaState::Undefined;
    uint32_t crc = 0xFFFFFFFF;

    static uint32_t crc_of(uint32_t seq);
    // An entry was written here: seq set and its CRC right.
    bool written() const;
    // ESP-IDF's bootloader_common_ota_select_valid(): written, state not INVALID/ABORTED.
    bool valid() const;
    // The slot this entry selects: (seq - 1) % slot_count (slot_count > 0).
    uint32_t slot(uint32_t slot_count) const { return (seq - 1) % slot_count; }
};

constexpr size_t kOtaEntrySize = 32;
constexpr uint32_t kOtaDataSize = 0x2000;
constexpr uint32_t kMaxOtaSeq = 0xFFFFFFFE;  // 0xFFFFFFFF reads as erased flash

class OtaData {
public:
    // Reads both sectors of the otadata partition (`region` must be 0x2000 bytes).
    static Result<OtaData> load(const FlashRegion& region);

    const OtaEntry& entry(int sector) const { return entries_[sector]; }
    // Sector (0/1) holding the active entry, or -1 when neither entry is valid.
    int active_sector() const;
    // Slot index the active entry selects, given the number of OTA slots.
    std::optional<uint32_t> active_slot(uint32_t slot_count) const;
    // Slot of the other valid entry (the previous image), if any.
    std::optional<uint32_t> previous_slot(uint32_t slot_count) const;
    // The state the newest written entry selecting `slot` gives it; Undefined when none selects it.
    // An INVALID or ABORTED slot holds an image that failed, or was never confirmed: never boot it.
    OtaState slot_state(uint32_t slot, uint32_t slot_count) const;

    // Makes `slot` the boot slot with the given initial state: writes seq' (the smallest seq above
    // the active one with (seq'-1) % slot_count == slot) into the inactive sector. When seq' would
    // pass kMaxOtaSeq, the active entry is first copied into the inactive sector with the lowest
    // seq of its slot (the original still wins), then the new entry replaces the original with the
    // seq just above the copy: a cut at any point leaves the old choice or the new one.
    Status select_slot(uint32_t slot, uint32_t slot_count, OtaState state);
    // Rewrites the active entry with a new state (NEW -> PENDING_VERIFY -> VALID/ABORTED).
    Status set_active_state(OtaState state);
    // Writes one entry into `sector` (erase + write). Exposed for tools and tests.
    Status write_entry(int sector, uint32_t seq, OtaState state);

private:
    explicit OtaData(const FlashRegion& region) : region_(region) {}
    FlashRegion region_;
    OtaEntry entries_[2];
};

// Encodes one 32-byte entry as ESP-IDF stores it.
void encode_ota_entry(uint32_t seq, OtaState state, uint8_t out[kOtaEntrySize]);

}  // namespace fw::storage
