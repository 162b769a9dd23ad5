// NvsPages::mount(): classify the pages, index the items, and finish or undo what a power cut
// interrupted (STORAGE_FORMAT.md, "Mount").
#include <algorithm>

#include "firmware/core/bytes.h"
#include "firmware/core/log.h"
#include "firmware/storage/nvs_pages.h"

namespace fw::storage {
namespace {
constexpr const char* kTag = "nvs";

// A header an interrupted activation or a GC mark left: ours, even without a valid CRC.
bool looks_like_nvs(const nvs::PageHeader& h) {
    return h.version == nvs::kVersion &&
           (nvs::in_use(h.state) || h.state == static_cast<uint32_t>(nvs::PageState::Corrupt));
}
}  // namespace

Status NvsPages::load_pages(std::vector<Found>& found, std::vector<Loc>& junk) {
    pages_.assign(region_.size() / nvs::kPageSize, Page{});
    if (pages_.empty()) {
        FW_LOGE(kTag, "partition of %u bytes is smaller than one 4 KiB page", static_cast<unsigned>(region_.size()));
        return Err::Corrupt;
    }
    std::vector<uint8_t> raw(nvs::kPageSize);  // one page at a time: RAM does not grow with the partition
    bool ours = false, foreign = false;
    for (size_t p = 0; p < pages_.size(); ++p) {
        FW_TRY(region_.read(page_addr(p), raw.data(), nvs::kPageSize));
        Page& pg = pages_[p];
        if (all_ff(raw.data(), nvs::kPageSize)) continue;
        nvs::PageHeader h = nvs::decode_page_header(raw.data());
        if (h.crc_ok && nvs::in_use(h.state) && h.version != nvs::kVersion) {
            FW_LOGE(kTag, "page %u is NVS format version 0x%02x; only 0xfe (version 2) is supported",
                    static_cast<unsigned>(p), h.version);
            return Err::Unsupported;
        }
        pg.kind = Kind::Dirty;
        if (h.crc_ok && nvs::in_use(h.state)) {
            pg.kind = Kind::InUse;
            pg.state = h.state;
            pg.seq = h.seq;
            std::copy(raw.data() + nvs::kBitmapOffset, raw.data() + nvs::kEntriesOffset, pg.bitmap);
            scan_page(p, raw, found, junk);
        }
        (pg.kind == Kind::InUse || looks_like_nvs(h) ? ours : foreign) = true;
    }
    if (foreign && !ours) {
        FW_LOGE(kTag, "partition holds data but no NVS page: not an NVS partition, left untouched");
        return Err::Corrupt;
    }
    return ok_status();
}

void NvsPages::scan_page(size_t p, const std::vector<uint8_t>& raw, std::vector<Found>& found,
                         std::vector<Loc>& junk) const {
    const Page& pg = pages_[p];
    const uint8_t* entries = raw.data() + nvs::kEntriesOffset;
    for (size_t e = 0; e < nvs::kEntryCount;) {
        nvs::EntryState st = nvs::entry_state(pg.bitmap, e);
        nvs::Item item = nvs::decode_item(entries + e * nvs::kEntrySize);
        if (st != nvs::EntryState::Written) {
            if (st == nvs::EntryState::Illegal)
                junk.push_back(Loc{static_cast<uint16_t>(p), static_cast<uint8_t>(e), {}});
            ++e;
            continue;
        }
        bool whole = nvs::item_consistent(item, e);
        for (size_t k = 1; whole && k < item.span; ++k)
            whole = nvs::entry_state(pg.bitmap, e + k) == nvs::EntryState::Written;
        if (whole && nvs::is_var_length(item.type))
            whole = nvs::crc(entries + (e + 1) * nvs::kEntrySize, item.var_size()) == item.var_crc();
        if (!whole) {  // a cut write or damage: this entry goes, the next is looked at on its own
            junk.push_back(Loc{static_cast<uint16_t>(p), static_cast<uint8_t>(e), {}});
            ++e;
            continue;
        }
        found.push_back(Found{Id{item.ns, std::string(item.key_view()), item.chunk},
                              Loc{static_cast<uint16_t>(p), static_cast<uint8_t>(e), item}});
        e += item.span;
    }
}

void NvsPages::build_index(std::vector<Found>& found, std::vector<Loc>& junk) {
    std::sort(found.begin(), found.end(), [this](const Found& a, const Found& b) { return newer(b.loc, a.loc); });
    for (auto& f : found) {
        auto [pos, inserted] = index_.try_emplace(f.id, f.loc);
        if (inserted) continue;
        junk.push_back(pos->second);  // a write whose old copy a cut kept: the newer one wins
        pos->second = f.loc;
    }
}

// A blob index counts only with all its chunks, and a chunk only under its index: a cut while a
// blob was written or replaced leaves the other ones.
void NvsPages::check_blobs(std::vector<Loc>& junk) {
    auto drop = [&](std::map<Id, Loc>::iterator it) {
        junk.push_back(it->second);
        return index_.erase(it);
    };
    for (auto it = index_.begin(); it != index_.end();) {
        const nvs::Item& idx = it->second.item;
        bool ok = idx.type != static_cast<uint8_t>(nvs::ItemType::BlobIdx);
        if (!ok && (idx.blob_start() == 0 || idx.blob_start() == nvs::kVersion1Offset)) {
            uint64_t total = 0;
            ok = true;
            for (size_t c = 0; ok && c < idx.blob_chunks(); ++c) {
                const nvs::Item* d = find(Id{idx.ns, it->first.key, static_cast<uint8_t>(idx.blob_start() + c)});
                ok = d != nullptr && d->type == static_cast<uint8_t>(nvs::ItemType::BlobData);
                total += ok ? d->var_size() : 0;
            }
            ok = ok && total == idx.blob_size();
        }
        it = ok ? std::next(it) : drop(it);
    }
    for (auto it = index_.begin(); it != index_.end();) {
        bool orphan = false;
        if (it->second.item.type == static_cast<uint8_t>(nvs::ItemType::BlobData)) {
            const nvs::Item* idx = find(Id{it->first.ns, it->first.key, nvs::kChunkAny});
            orphan = idx == nullptr || idx->type != static_cast<uint8_t>(nvs::ItemType::BlobIdx) ||
                     it->first.chunk < idx->blob_start() || it->first.chunk >= idx->blob_start() + idx->blob_chunks();
        }
        it = orphan ? drop(it) : std::next(it);
    }
    for (auto& pg : pages_) pg.live = 0;
    for (const auto& [id, loc] : index_)
        pages_[loc.page].live = static_cast<uint16_t>(pages_[loc.page].live + loc.item.span);
}

// Entries after the last one in use stay free; any before it that a cut left half written (state
// still empty) are marked erased, so the free entries are exactly the erased tail.
Status NvsPages::tidy_active() {
    size_t p = static_cast<size_t>(active_);
    Page& pg = pages_[p];
    std::vector<uint8_t> raw(nvs::kPageSize);
    FW_TRY(region_.read(page_addr(p), raw.data(), raw.size()));
    size_t end = 0;
    for (size_t e = 0; e < nvs::kEntryCount; ++e)
        if (nvs::entry_state(pg.bitmap, e) != nvs::EntryState::Empty ||
            !all_ff(raw.data() + nvs::kEntriesOffset + e * nvs::kEntrySize, nvs::kEntrySize))
            end = e + 1;
    for (size_t e = 0; e < end; ++e)
        if (nvs::entry_state(pg.bitmap, e) == nvs::EntryState::Empty)
            FW_TRY(set_entry_states(p, e, 1, nvs::EntryState::Erased));
    pg.next_free = static_cast<uint8_t>(end);
    return ok_status();
}

Status NvsPages::finish_freeing() {
    for (size_t p = 0; p < pages_.size(); ++p) {
        if (pages_[p].kind != Kind::InUse || pages_[p].state != static_cast<uint32_t>(nvs::PageState::Freeing))
            continue;
        FW_LOGW(kTag, "page %u was being collected when power was lost: finishing", static_cast<unsigned>(p));
        if (active_ >= 0) {
            FW_TRY(set_page_state(static_cast<size_t>(active_), nvs::PageState::Full));
            active_ = -1;
        }
        if (Status s = finish_gc(p); !s.ok()) return s.err() == Err::NoSpace ? Err::Corrupt : s;
    }
    return ok_status();
}

Status NvsPages::mount() {
    mounted_ = false;
    index_.clear();
    active_ = -1;
    next_seq_ = 0;
    std::vector<Found> found;
    std::vector<Loc> junk;
    FW_TRY(load_pages(found, junk));
    mounted_ = true;  // the repairs below use the normal write paths

    int newest = -1;
    bool freeing = false;
    for (size_t p = 0; p < pages_.size(); ++p) {
        if (pages_[p].kind != Kind::InUse) continue;
        freeing = freeing || pages_[p].state == static_cast<uint32_t>(nvs::PageState::Freeing);
        if (newest < 0 || pages_[p].seq > pages_[static_cast<size_t>(newest)].seq) newest = static_cast<int>(p);
        next_seq_ = std::max(next_seq_, pages_[p].seq + 1);
    }
    last_opened_ = newest < 0 ? pages_.size() - 1 : static_cast<size_t>(newest);
    bool newest_active =
        newest >= 0 && pages_[static_cast<size_t>(newest)].state == static_cast<uint32_t>(nvs::PageState::Active);
    // Every other page was sealed before a GC began, so an active page next to a freeing one is
    // the GC's partial copy: drop it, the GC is redone below.
    if (freeing && newest_active) {
        FW_TRY(erase_page(static_cast<size_t>(newest)));
        newest_active = false;
        auto on_newest = [&](const Loc& l) { return l.page == static_cast<size_t>(newest); };
        found.erase(std::remove_if(found.begin(), found.end(), [&](const Found& f) { return on_newest(f.loc); }),
                    found.end());
        junk.erase(std::remove_if(junk.begin(), junk.end(), on_newest), junk.end());
    }
    build_index(found, junk);
    check_blobs(junk);
    for (const Loc& j : junk) {
        const Page& pg = pages_[j.page];
        if (pg.state == static_cast<uint32_t>(nvs::PageState::Freeing)) continue;  // erased when its GC is redone
        size_t span = std::max<size_t>(1, j.item.span);
        bool erased = true;
        for (size_t k = 0; k < span; ++k)
            erased = erased && nvs::entry_state(pg.bitmap, j.entry + k) == nvs::EntryState::Erased;
        if (!erased) FW_TRY(set_entry_states(j.page, j.entry, span, nvs::EntryState::Erased));
    }
    if (newest_active) {
        active_ = newest;
        FW_TRY(tidy_active());
    }
    return finish_freeing();
}

}  // namespace fw::storage
