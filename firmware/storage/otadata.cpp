#include "firmware/storage/otadata.h"

#include <cstring>

#include "firmware/core/bytes.h"
#include "firmware/core/crc32.h"
#include "firmware/core/enum_names.h"

namespace fw::storage {

constexpr fw::EnumName<OtaState> kOtaStateNames[] = {
    {OtaState::New, "NEW"},         {OtaState::PendingVerify, "PENDING_VERIFY"},
    {OtaState::Valid, "VALID"},     {OtaState::Invalid, "INVALID"},
    {OtaState::Aborted, "ABORTED"}, {OtaState::Undefined, "UNDEFINED"},
};

const char* name_of(OtaState s) { return fw::name_in(kOtaStateNames, s); }

uint32_t OtaEntry::crc_of(uint32_t seq) {
    uint8_t b[4];
    put_le32(b, seq);
    return crc32_le(UINT32_MAX, b, 4);
}

bool OtaEntry::written() const { return seq != 0xFFFFFFFF && crc == crc_of(seq); }

bool OtaEntry::valid() const { return written() && state != OtaState::Invalid && state != OtaState::Aborted; }

namespace {

// The smallest seq above `cur` that selects `slot`; nullopt past kMaxOtaSeq.
std::optional<uint32_t> next_seq(uint32_t cur, uint32_t slot, uint32_t slot_count) {
    uint64_t seq = uint64_t{slot} + 1;
    if (seq <= cur) seq += ((cur - seq) / slot_count + 1) * slot_count;
    if (seq > kMaxOtaSeq) return std::nullopt;
    return static_cast<uint32_t>(seq);
}

}  // namespace

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
    return entries_[a].slot(slot_count);
}

std::optional<uint32_t> OtaData::previous_slot(uint32_t slot_count) const {
    int a = active_sector();
    if (a < 0 || slot_count == 0) return std::nullopt;
    const OtaEntry& other = entries_[1 - a];
    if (!other.valid()) return std::nullopt;
    return other.slot(slot_count);
}

OtaState OtaData::slot_state(uint32_t slot, uint32_t slot_count) const {
    const OtaEntry* newest = nullptr;
    for (const OtaEntry& e : entries_) {
        if (slot_count == 0 || !e.written() || e.slot(slot_count) != slot) continue;
        if (newest == nullptr || e.seq > newest->seq) newest = &e;
    }
    return newest == nullptr ? OtaState::Undefined : newest->state;
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
    if (a < 0) return write_entry(0, slot + 1, state);
    std::optional<uint32_t> seq = next_seq(entries_[a].seq, slot, slot_count);
    if (!seq) {
        const OtaEntry cur = entries_[a];
        uint32_t low = cur.slot(slot_count) + 1;
        FW_TRY(write_entry(1 - a, low, cur.state));
        a = 1 - a;
        seq = next_seq(low, slot, slot_count);
    }
    return write_entry(1 - a, *seq, state);
}

Status OtaData::set_active_state(OtaState state) {
    int a = active_sector();
    if (a < 0) return Err::BadState;
    return write_entry(a, entries_[a].seq, state);
}

}  // namespace fw::storage
