// Flash log space management: the sector life cycle (erased -> active head -> full -> collected
// -> erased), garbage collection and wear spreading.
#include <algorithm>
#include <cinttypes>

#include "firmware/core/log.h"
#include "firmware/storage/flash_log.h"

namespace fw::storage {
namespace {

constexpr const char* kTag = "flash_log";

}  // namespace

Status FlashLog::format() {
    mounted_ = false;
    uint32_t n = region_.sector_count();
    if (n < 2 || n > UINT16_MAX) return Err::InvalidArg;
    index_.clear();
    head_ = kNone;
    max_seq_ = 0;
    sectors_.assign(n, Sector{});
    for (uint32_t s = 0; s < n; ++s) {
        uint8_t raw[flog::kSectorHeaderSize];
        FW_TRY(region_.read(addr(s, 0), raw, sizeof raw));
        flog::SectorHeader h = flog::decode_sector_header(raw);
        FW_TRY(prepare(s, h.a_valid ? h.erase_count + 1 : 0));
    }
    mounted_ = true;
    FW_LOGI(kTag, "formatted %" PRIu32 " sectors", n);
    return ok_status();
}

Status FlashLog::prepare(uint32_t s, uint32_t erase_count) {
    FW_TRY(region_.erase_sector(addr(s, 0)));
    ++stats_.erases;
    Sector& sec = sectors_[s];
    sec = Sector{};
    sec.state = State::Free;
    sec.count_known = true;
    sec.erase_count = erase_count;
    uint8_t a[flog::kPartASize];
    flog::encode_part_a(a, erase_count);
    return program(addr(s, flog::kPartAOffset), a, sizeof a);
}

Status FlashLog::activate(uint32_t s) {
    Sector& sec = sectors_[s];
    sec.state = State::Active;
    sec.seq = ++max_seq_;
    sec.used = flog::kSectorHeaderSize;
    sec.live = 0;
    head_ = s;
    uint8_t b[flog::kPartBSize];
    flog::encode_part_b(b, sec.seq);
    return program(addr(s, flog::kPartBOffset), b, sizeof b);
}

Status FlashLog::seal_head() {
    if (head_ == kNone) return ok_status();
    uint32_t h = head_;
    head_ = kNone;
    sectors_[h].state = State::Full;
    return set_mark(h, flog::kFullMark);
}

Status FlashLog::ensure_room(uint32_t size) {
    bool wear_checked = false;
    for (;;) {
        if (head_ != kNone && flog::kSectorSize - sectors_[head_].used >= size) return ok_status();
        if (free_count() >= 2) {
            FW_TRY(seal_head());
            return activate(pick_free());
        }
        // Only the reserve is left: a GC must free a sector first.
        if (!wear_checked) {
            wear_checked = true;
            uint32_t cold = wear_victim();
            if (cold != kNone) {
                FW_LOGD(kTag, "moving cold sector %" PRIu32 " (erased %" PRIu32 " times)", cold,
                        sectors_[cold].erase_count);
                FW_TRY(collect(cold));
                continue;
            }
        }
        uint32_t victim = best_victim(size);
        if (victim == kNone || free_count() == 0) return Err::NoSpace;
        FW_TRY(collect(victim));
        return flog::kSectorSize - sectors_[head_].used >= size ? ok_status() : Status(Err::NoSpace);
    }
}

// Order matters for mount: head sealed, victim marked, destination activated, records copied,
// destination marked complete, victim erased. See repair_interrupted_gc().
Status FlashLog::collect(uint32_t victim) {
    uint32_t dest = pick_free();
    if (dest == kNone) return Err::NoSpace;
    FW_TRY(seal_head());
    sectors_[victim].state = State::Collecting;
    FW_TRY(set_mark(victim, flog::kGcMark));
    FW_TRY(activate(dest));
    for (auto it : live_records(victim)) {
        Loc to;
        FW_TRY(copy_record(it->second, dest, to));
        it->second = to;
    }
    sectors_[dest].copied = true;
    FW_TRY(set_mark(dest, flog::kCopiedMark));
    ++stats_.gc_runs;
    return prepare(victim, sectors_[victim].erase_count + 1);
}

Status FlashLog::copy_record(const Loc& from, uint32_t dest, Loc& to) {
    Sector& d = sectors_[dest];
    to = from;
    to.sector = static_cast<uint16_t>(dest);
    to.offset = static_cast<uint16_t>(d.used);
    d.used += from.size();
    d.live += from.size();
    sectors_[from.sector].live -= from.size();
    uint8_t buf[256];
    for (uint32_t done = 0; done < from.data_len();) {
        uint32_t n = std::min<uint32_t>(from.data_len() - done, sizeof buf);
        FW_TRY(region_.read(addr(from.sector, from.offset) + done, buf, n));
        FW_TRY(program(addr(to.sector, to.offset) + done, buf, n));
        done += n;
    }
    return ok_status();
}

std::vector<FlashLog::Index::iterator> FlashLog::live_records(uint32_t s) {
    std::vector<Index::iterator> out;
    for (auto it = index_.begin(); it != index_.end(); ++it)
        if (it->second.sector == s) out.push_back(it);
    std::sort(out.begin(), out.end(), [](auto a, auto b) { return a->second.offset < b->second.offset; });
    return out;
}

// The least-worn erased sector.
uint32_t FlashLog::pick_free() const {
    uint32_t best = kNone;
    for (uint32_t s = 0; s < sectors_.size(); ++s)
        if (sectors_[s].state == State::Free && (best == kNone || sectors_[s].erase_count < sectors_[best].erase_count))
            best = s;
    return best;
}

uint32_t FlashLog::free_count() const {
    return static_cast<uint32_t>(
        std::count_if(sectors_.begin(), sectors_.end(), [](const Sector& s) { return s.state == State::Free; }));
}

// The sector whose collection leaves the most room (at least `size`) in the destination.
uint32_t FlashLog::best_victim(uint32_t size) const {
    uint32_t best = kNone, best_gain = 0;
    for (uint32_t s = 0; s < sectors_.size(); ++s) {
        if (sectors_[s].state != State::Full && s != head_) continue;
        uint32_t gain = flog::kPayloadSize - sectors_[s].live;
        if (gain >= size && (best == kNone || gain > best_gain)) {
            best = s;
            best_gain = gain;
        }
    }
    return best;
}

// A full sector erased far less often than the most-worn one holds cold data worth moving.
uint32_t FlashLog::wear_victim() const {
    uint32_t worn = max_erase_count(), best = kNone;
    for (uint32_t s = 0; s < sectors_.size(); ++s) {
        const Sector& sec = sectors_[s];
        if (sec.state != State::Full || sec.erase_count + kWearSlack >= worn) continue;
        if (best == kNone || sec.erase_count < sectors_[best].erase_count) best = s;
    }
    return best;
}

uint32_t FlashLog::max_erase_count() const {
    uint32_t worn = 0;
    for (const auto& s : sectors_)
        if (s.count_known) worn = std::max(worn, s.erase_count);
    return worn;
}

}  // namespace fw::storage
