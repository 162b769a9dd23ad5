// Flash log mount: classify every sector, repair what a power cut left half done, rebuild the
// RAM index. Repairs are ordered so that no step ever destroys the only copy of a live record.
#include <algorithm>
#include <cinttypes>

#include "firmware/core/crc32.h"
#include "firmware/core/log.h"
#include "firmware/storage/flash_log.h"

namespace fw::storage {
namespace {

constexpr const char* kTag = "flash_log";

}  // namespace

Status FlashLog::mount() {
    mounted_ = false;
    index_.clear();
    head_ = kNone;
    max_seq_ = 0;
    uint32_t n = region_.sector_count();
    if (n < 2 || n > UINT16_MAX) {
        FW_LOGE(kTag, "partition of %" PRIu32 " sectors: need 2..%u", n, UINT16_MAX);
        return Err::InvalidArg;
    }
    sectors_.assign(n, Sector{});
    bool any_valid = false, all_empty = true;
    for (uint32_t s = 0; s < n; ++s) {
        bool body_blank = false;
        FW_TRY(classify(s, body_blank));
        any_valid = any_valid || sectors_[s].count_known;
        all_empty = all_empty && body_blank;
    }
    if (!any_valid) {
        if (!all_empty) {
            FW_LOGE(kTag, "no valid sector header in %" PRIu32 " sectors: not a flash log", n);
            return Err::Corrupt;
        }
        FW_LOGI(kTag, "empty partition: formatting");
        return format();
    }
    Status s = mount_scan();
    if (!s.ok()) {
        FW_LOGE(kTag, "mount failed: %s", name_of(s.err()));
        return s;
    }
    mounted_ = true;
    FW_LOGI(kTag, "mounted %" PRIu32 " sectors: %u keys, %u of %u bytes used", n, static_cast<unsigned>(index_.size()),
            static_cast<unsigned>(used()), static_cast<unsigned>(capacity()));
    return ok_status();
}

Status FlashLog::classify(uint32_t s, bool& body_blank) {
    Sector& sec = sectors_[s];
    uint8_t raw[flog::kSectorHeaderSize];
    FW_TRY(region_.read(addr(s, 0), raw, sizeof raw));
    flog::SectorHeader h = flog::decode_sector_header(raw);
    body_blank = false;
    if (!h.a_valid) {
        auto b = blank(addr(s, flog::kSectorHeaderSize), flog::kPayloadSize);
        if (!b.ok()) return b.err();
        body_blank = *b;
        sec.state = State::Bad;
        return ok_status();
    }
    sec.count_known = true;
    sec.erase_count = h.erase_count;
    if (h.b_blank) {
        // Free only if nothing but part A was written since the erase (an erase cut short on a
        // real chip can leave a readable header above stale data).
        auto b = blank(addr(s, flog::kPartBOffset), flog::kSectorSize - flog::kPartBOffset);
        if (!b.ok()) return b.err();
        sec.state = *b ? State::Free : State::Bad;
        return ok_status();
    }
    if (!h.b_valid) {
        sec.state = State::Bad;
        return ok_status();
    }
    sec.seq = h.seq;
    sec.copied = h.copied;
    max_seq_ = std::max(max_seq_, h.seq);
    sec.state = h.gc ? State::Collecting : h.full ? State::Full : State::Active;
    return ok_status();
}

Status FlashLog::mount_scan() {
    // A sector whose header is torn or missing holds nothing that is not also elsewhere: either
    // its erase or its activation was cut, or it was the source of a GC that finished copying.
    uint32_t worn = max_erase_count();
    for (uint32_t s = 0; s < sectors_.size(); ++s) {
        if (sectors_[s].state != State::Bad) continue;
        FW_LOGW(kTag, "sector %" PRIu32 ": no valid header, erasing it", s);
        FW_TRY(prepare(s, sectors_[s].count_known ? sectors_[s].erase_count + 1 : worn));
    }
    std::vector<uint32_t> redo;
    FW_TRY(repair_interrupted_gc(redo));
    FW_TRY(build_index());
    FW_TRY(choose_head());
    for (uint32_t v : redo) {
        if (free_count() == 0) return Err::Corrupt;
        FW_TRY(collect(v));
    }
    return ok_status();
}

Status FlashLog::repair_interrupted_gc(std::vector<uint32_t>& redo) {
    for (uint32_t v = 0; v < sectors_.size(); ++v) {
        if (sectors_[v].state != State::Collecting) continue;
        // The GC destination was activated after the victim was marked, so it is newer.
        std::vector<uint32_t> dests;
        bool copied = false;
        for (uint32_t s = 0; s < sectors_.size(); ++s) {
            if (sectors_[s].state != State::Active || sectors_[s].seq <= sectors_[v].seq) continue;
            dests.push_back(s);
            copied = copied || sectors_[s].copied;
        }
        if (copied) {
            FW_LOGW(kTag, "sector %" PRIu32 ": GC had copied everything, finishing its erase", v);
            FW_TRY(prepare(v, sectors_[v].erase_count + 1));
            continue;
        }
        // The copy is incomplete but the victim is intact: drop the partial copy, redo the GC.
        FW_LOGW(kTag, "sector %" PRIu32 ": GC was cut short, restarting it", v);
        for (uint32_t d : dests) FW_TRY(prepare(d, sectors_[d].erase_count + 1));
        redo.push_back(v);
    }
    return ok_status();
}

Result<bool> FlashLog::read_record(uint32_t s, uint32_t off, const flog::RecordHeader& h, std::string& key) const {
    key.resize(h.key_len);
    uint32_t at = addr(s, off) + flog::kRecordHeaderSize;
    FW_TRY(region_.read(at, key.data(), h.key_len));
    uint32_t crc = crc32(key.data(), h.key_len);
    uint8_t buf[256];
    for (uint32_t done = 0; done < h.value_len;) {
        uint32_t n = std::min<uint32_t>(h.value_len - done, sizeof buf);
        FW_TRY(region_.read(at + h.key_len + done, buf, n));
        crc = crc32_le(crc, buf, n);
        done += n;
    }
    return crc == h.data_crc;
}

// A torn header (a cut while it was programmed, or bits that did not hold) gives no usable length.
// Records are 4-byte aligned, so the next one is the first aligned offset whose header and data
// both pass their CRCs; kSectorSize when there is none.
Result<uint32_t> FlashLog::next_intact_record(uint32_t s, uint32_t from) const {
    std::string key;
    for (uint32_t off = from; off + flog::kRecordHeaderSize <= flog::kSectorSize; off += 4) {
        uint8_t raw[flog::kRecordHeaderSize];
        FW_TRY(region_.read(addr(s, off), raw, sizeof raw));
        flog::RecordHeader h;
        if (flog::decode_record_header(raw, h) != flog::HeaderCheck::Valid ||
            off + flog::record_size(h.key_len, h.value_len) > flog::kSectorSize)
            continue;
        auto intact = read_record(s, off, h, key);
        if (!intact.ok()) return intact.err();
        if (*intact) return off;
    }
    return flog::kSectorSize;
}

Status FlashLog::scan_records(uint32_t s, std::vector<Scanned>& out) {
    Sector& sec = sectors_[s];
    uint32_t off = flog::kSectorHeaderSize;
    bool torn = false;
    sec.clean_tail = true;
    while (off + flog::kRecordHeaderSize <= flog::kSectorSize) {
        uint8_t raw[flog::kRecordHeaderSize];
        FW_TRY(region_.read(addr(s, off), raw, sizeof raw));
        flog::RecordHeader h;
        flog::HeaderCheck check = flog::decode_record_header(raw, h);
        if (check == flog::HeaderCheck::Blank) {
            // Appends may continue here only if no torn write left bits behind the end.
            auto b = blank(addr(s, off), flog::kSectorSize - off);
            if (!b.ok()) return b.err();
            sec.clean_tail = *b;
            break;
        }
        uint32_t size = flog::record_size(h.key_len, h.value_len);
        if (check == flog::HeaderCheck::Torn || off + size > flog::kSectorSize) {
            torn = true;
            auto next = next_intact_record(s, off + 4);
            if (!next.ok()) return next.err();
            if (*next == flog::kSectorSize) break;
            FW_LOGW(kTag,
                    "sector %" PRIu32 " offset %" PRIu32 ": torn record header, records resume at offset %" PRIu32, s,
                    off, *next);
            off = *next;
            continue;
        }
        Scanned rec;
        auto intact = read_record(s, off, h, rec.key);
        if (!intact.ok()) return intact.err();
        if (*intact && h.flags == flog::kLive) {
            rec.loc = Loc{static_cast<uint16_t>(s), static_cast<uint16_t>(off), h.value_len, h.key_len};
            out.push_back(std::move(rec));
        }
        off += size;
    }
    // Never append behind a torn write: the sector is sealed at mount.
    if (torn) sec.clean_tail = false;
    sec.used = off;
    return ok_status();
}

Status FlashLog::build_index() {
    std::vector<Scanned> all;
    for (uint32_t s = 0; s < sectors_.size(); ++s) {
        State st = sectors_[s].state;
        if (st == State::Active || st == State::Full || st == State::Collecting) FW_TRY(scan_records(s, all));
    }
    // Oldest first, so that a newer record of a key replaces the older one.
    std::sort(all.begin(), all.end(), [this](const Scanned& a, const Scanned& b) {
        uint32_t sa = sectors_[a.loc.sector].seq, sb = sectors_[b.loc.sector].seq;
        return sa != sb ? sa < sb : a.loc.offset < b.loc.offset;
    });
    std::vector<Loc> stale;
    for (auto& rec : all) {
        auto [it, inserted] = index_.try_emplace(std::move(rec.key), rec.loc);
        if (inserted) continue;
        stale.push_back(it->second);
        it->second = rec.loc;
    }
    for (const auto& [key, loc] : index_) sectors_[loc.sector].live += loc.size();
    // A write was cut after its new record was complete but before the old one was retired.
    for (const Loc& loc : stale) {
        FW_LOGW(kTag, "sector %u offset %u: retiring a superseded record", loc.sector, loc.offset);
        FW_TRY(retire(loc));
    }
    return ok_status();
}

Status FlashLog::choose_head() {
    uint32_t best = kNone;
    for (uint32_t s = 0; s < sectors_.size(); ++s) {
        const Sector& sec = sectors_[s];
        if (sec.state == State::Active && sec.clean_tail && (best == kNone || sec.seq > sectors_[best].seq)) best = s;
    }
    // Appends continue only in the newest sector, and never behind a torn write.
    for (uint32_t s = 0; s < sectors_.size(); ++s) {
        if (sectors_[s].state != State::Active || s == best) continue;
        FW_LOGW(kTag, "sector %" PRIu32 ": sealing it", s);
        sectors_[s].state = State::Full;
        FW_TRY(set_mark(s, flog::kFullMark));
    }
    head_ = best;
    return ok_status();
}

}  // namespace fw::storage
