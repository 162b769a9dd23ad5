#include "firmware/storage/otadata.h"

#include <cstring>

#include "firmware/core/bytes.h"
#include "firmware/core/crc32.h"

namespace fw::storage {

const char* ota_state_name(OtaState s) {
    switch (s) {
        case OtaState::New: return "NEW";
        case OtaState::PendingVerify: return "PENDING_VERIFY";
        case OtaState::Valid: return "VALID";
        case OtaState::Invalid: return "INVALID";
        case OtaState::Aborted: return "ABORTED";
        case OtaState::Undefined: return "UNDEFINED";
    }
    return "?";
}

uint32_t OtaEntry::crc_of(uint32_t seq) {
    uint8_t b[4];
    put_le32(b, seq);
    return crc32_le(UINT32_MAX, b, 4);
}

bool OtaEntry::valid() const {
    return seq != 0xFFFFFFFF && crc == crc_of(seq) && state != OtaState::Invalid && state != OtaState::Aborted;
}

void encode_ota_entry(uint32_t seq, OtaState state, uint8_t out[kOtaEntrySize]) {
    std::memset(out, 0xFF, kOtaEntrySize);
    put_le32(out, seq);
    put_le32(out + 24, static_cast<uint32_t>(state));
    put_le32(out + 28, OtaEntry::crc_of(seq));
}

Result<OtaData> OtaData::load(const FlashRegion& region) {
    if (region.size() != kOtaDataSize) return Err::InvalidArg;
    OtaData d(region);
    for (int s = 0; s < 2; ++s) {
        uint8_t b[kOtaEntrySize];
        FW_TRY(region.read(static_cast<uint32_t>(s) * hal::Flash::kSectorSize, b, sizeof b));
        d.entries_[s].seq = get_le32(b);
        d.entries_[s].state = static_cast<OtaState>(get_le32(b + 24));
        d.entries_[s].crc = get_le32(b + 28);
    }
    return d;
}

int OtaData::active_sector() const {
    bool v0 = entries_[0].valid(), v1 = entries_[1].valid();
    if (v0 && v1) return entries_[0].seq >= entries_[1].seq ? 0 : 1;
    if (v0) return 0;
    if (v1) return 1;
    return -1;
}

std::optional<uint32_t> OtaData::active_slot(uint32_t slot_count) const {
    int a = active_sector();
    if (a < 0 || slot_count == 0) return std::nullopt;
    return (entries_[a].seq - 1) % slot_count;
}

std::optional<uint32_t> OtaData::previous_slot(uint32_t slot_count) const {
    int a = active_sector();
    if (a < 0 || slot_count == 0) return std::nullopt;
    const OtaEntry& other = entries_[1 - a];
    if (!other.valid()) return std::nullopt;
    return (other.seq - 1) % slot_count;
}

Status OtaData::write_entry(int sector, uint32_t seq, OtaState state) {
    uint32_t addr = static_cast<uint32_t>(sector) * hal::Flash::kSectorSize;
    uint8_t b[kOtaEntrySize];
    encode_ota_entry(seq, state, b);
    FW_TRY(region_.erase_sector(addr));
    FW_TRY(region_.write(addr, b, sizeof b));
    entries_[sector] = OtaEntry{seq, state, OtaEntry::crc_of(seq)};
    return ok_status();
}

Status OtaData::select_slot(uint32_t slot, uint32_t slot_count, OtaState state) {
    if (slot_count == 0 || slot >= slot_count) return Err::InvalidArg;
    int a = active_sector();
    uint32_t cur = a < 0 ? 0 : entries_[a].seq;
    uint32_t seq = slot + 1;
    while (seq <= cur) seq += slot_count;
    int target = a < 0 ? 0 : 1 - a;
    return write_entry(target, seq, state);
}

Status OtaData::set_active_state(OtaState state) {
    int a = active_sector();
    if (a < 0) return Err::BadState;
    return write_entry(a, entries_[a].seq, state);
}

}  // namespace fw::storage
