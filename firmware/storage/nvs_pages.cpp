#include "firmware/storage/nvs_pages.h"

#include <algorithm>
#include <cstring>

#include "firmware/core/bytes.h"
#include "firmware/core/log.h"

namespace fw::storage {
namespace {
constexpr const char* kTag = "nvs";
using nvs::EntryState;
using nvs::kEntryCount;
using nvs::kEntrySize;
using nvs::PageState;
}  // namespace

Status NvsPages::write(uint32_t addr, const void* src, size_t len) {
    Status s = region_.write(addr, src, len);
    stats_.flash_bytes += len;
    if (!s.ok()) mounted_ = false;  // memory no longer matches flash: mount again
    return s;
}

Status NvsPages::erase_page(size_t p) {
    Status s = region_.erase_sector(page_addr(p));
    if (!s.ok()) {
        mounted_ = false;
        return s;
    }
    pages_[p] = Page{};
    return s;
}

Status NvsPages::set_page_state(size_t p, PageState s) {
    uint8_t word[4];
    put_le32(word, static_cast<uint32_t>(s));
    FW_TRY(write(page_addr(p), word, sizeof word));
    pages_[p].state = static_cast<uint32_t>(s);
    return ok_status();
}

Status NvsPages::set_entry_states(size_t p, size_t first, size_t count, EntryState s) {
    Page& pg = pages_[p];
    for (size_t e = first; e < first + count; ++e) nvs::set_entry_state(pg.bitmap, e, s);
    // Last word first: the first entry of an item turns last, so it never looks whole too early.
    for (size_t w = (first + count - 1) / 16 + 1; w-- > first / 16;)
        FW_TRY(write(page_addr(p) + nvs::kBitmapOffset + static_cast<uint32_t>(w * 4), pg.bitmap + w * 4, 4));
    return ok_status();
}

Status NvsPages::activate(size_t p) {
    if (pages_[p].kind != Kind::Blank) FW_TRY(erase_page(p));
    uint8_t header[32];
    nvs::encode_page_header(header, PageState::Active, next_seq_);
    FW_TRY(write(page_addr(p), header, sizeof header));
    Page& pg = pages_[p];
    pg.kind = Kind::InUse;
    pg.state = static_cast<uint32_t>(PageState::Active);
    pg.seq = next_seq_++;
    active_ = static_cast<int>(p);
    last_opened_ = p;
    return ok_status();
}

std::vector<size_t> NvsPages::free_pages() const {
    std::vector<size_t> out;
    // Round robin from the page opened last, so erases rotate over the partition.
    for (size_t i = 1; i <= pages_.size(); ++i) {
        size_t p = (last_opened_ + i) % pages_.size();
        if (pages_[p].kind != Kind::InUse) out.push_back(p);
    }
    return out;
}

bool NvsPages::newer(const Loc& a, const Loc& b) const {
    uint32_t sa = pages_[a.page].seq, sb = pages_[b.page].seq;
    return sa != sb ? sa > sb : a.entry > b.entry;
}

size_t NvsPages::free_entries() const {
    return active_ < 0 ? 0 : kEntryCount - pages_[static_cast<size_t>(active_)].next_free;
}

bool NvsPages::can_make_room(size_t count) const {
    size_t free = free_pages().size();
    if (free >= 2) return true;
    if (free == 0) return false;
    for (const auto& pg : pages_)
        if (pg.kind == Kind::InUse && kEntryCount - pg.live >= count) return true;
    return false;
}

Status NvsPages::collect() {
    int victim = -1;
    size_t best = 0;
    for (size_t p = 0; p < pages_.size(); ++p) {
        const Page& pg = pages_[p];
        if (pg.kind != Kind::InUse) continue;
        size_t unused = kEntryCount - pg.live;
        if (unused > best || (unused == best && victim >= 0 && pg.seq < pages_[static_cast<size_t>(victim)].seq)) {
            victim = static_cast<int>(p);
            best = unused;
        }
    }
    if (victim < 0 || best == 0) return Err::NoSpace;
    FW_TRY(set_page_state(static_cast<size_t>(victim), PageState::Freeing));
    return finish_gc(static_cast<size_t>(victim));
}

// Freeing -> copy into the reserve -> Corrupt (the copy is complete) -> erase: a cut before the
// Corrupt mark makes mount redo the copy; after it, the victim is only a page to erase.
Status NvsPages::finish_gc(size_t victim) {
    auto reserve = free_pages();
    if (reserve.empty()) return Err::NoSpace;
    FW_TRY(activate(reserve.front()));
    FW_TRY(copy_live(victim));
    FW_TRY(set_page_state(victim, PageState::Corrupt));
    FW_TRY(erase_page(victim));
    ++stats_.gc_runs;
    return ok_status();
}

Status NvsPages::copy_live(size_t from) {
    std::vector<std::map<Id, Loc>::iterator> items;
    for (auto it = index_.begin(); it != index_.end(); ++it)
        if (it->second.page == from) items.push_back(it);
    std::sort(items.begin(), items.end(), [](auto a, auto b) { return a->second.entry < b->second.entry; });
    std::vector<uint8_t> buf;
    for (auto it : items) {
        Loc& loc = it->second;
        buf.resize(loc.item.span * kEntrySize);
        FW_TRY(region_.read(entry_addr(from, loc.entry), buf.data(), buf.size()));
        Loc at;
        FW_TRY(append(buf.data(), loc.item.span, at));
        loc = at;
    }
    pages_[from].live = 0;
    return ok_status();
}

Status NvsPages::next_page(size_t count) {
    if (!mounted_) return Err::BadState;
    if (!can_make_room(count)) return Err::NoSpace;
    if (active_ >= 0) {
        FW_TRY(set_page_state(static_cast<size_t>(active_), PageState::Full));
        active_ = -1;
    }
    auto free = free_pages();
    if (free.size() >= 2) return activate(free.front());
    return collect();
}

Status NvsPages::make_room(size_t count) {
    for (size_t tries = 0; free_entries() < count; ++tries) {
        if (tries > pages_.size()) return Err::NoSpace;
        FW_TRY(next_page(count));
    }
    return ok_status();
}

Status NvsPages::append(const uint8_t* entries, size_t count, Loc& at) {
    if (free_entries() < count) return Err::NoSpace;
    size_t p = static_cast<size_t>(active_);
    Page& pg = pages_[p];
    size_t e = pg.next_free;
    // The entries first, then their state: an item is there only once its bitmap says written.
    FW_TRY(write(entry_addr(p, e), entries, count * kEntrySize));
    FW_TRY(set_entry_states(p, e, count, EntryState::Written));
    pg.next_free = static_cast<uint8_t>(e + count);
    pg.live = static_cast<uint16_t>(pg.live + count);
    at = Loc{static_cast<uint16_t>(p), static_cast<uint8_t>(e), nvs::decode_item(entries)};
    return ok_status();
}

Status NvsPages::erase_loc(const Loc& loc) {
    Page& pg = pages_[loc.page];
    pg.live = static_cast<uint16_t>(pg.live - std::min<size_t>(pg.live, loc.item.span));
    return set_entry_states(loc.page, loc.entry, loc.item.span, EntryState::Erased);
}

const nvs::Item* NvsPages::find(const Id& id) const {
    auto it = index_.find(id);
    return it == index_.end() ? nullptr : &it->second.item;
}

Result<std::vector<uint8_t>> NvsPages::read_payload(const Id& id) const {
    if (!mounted_) return Err::BadState;
    auto it = index_.find(id);
    if (it == index_.end()) return Err::NotFound;
    const Loc& loc = it->second;
    if (!nvs::is_var_length(loc.item.type)) return Err::InvalidArg;
    std::vector<uint8_t> out(loc.item.var_size());
    FW_TRY(region_.read(entry_addr(loc.page, loc.entry + 1u), out.data(), out.size()));
    if (nvs::crc(out.data(), out.size()) != loc.item.var_crc()) {
        FW_LOGW(kTag, "payload of %.*s fails its CRC", static_cast<int>(id.key.size()), id.key.data());
        return Err::Corrupt;
    }
    return out;
}

Status NvsPages::put(const nvs::Item& item, const uint8_t* payload, size_t len) {
    if (!mounted_) return Err::BadState;
    nvs::Item it = item;
    if (nvs::is_var_length(it.type)) {
        if (len > nvs::kChunkMax) return Err::TooLarge;
        nvs::set_var_payload(it, payload, len);
    }
    std::vector<uint8_t> buf(it.span * kEntrySize, 0xFF);
    nvs::encode_item(buf.data(), it);
    if (len > 0) std::memcpy(buf.data() + kEntrySize, payload, len);
    FW_TRY(make_room(it.span));
    Loc at;
    FW_TRY(append(buf.data(), it.span, at));
    stats_.user_bytes += buf.size();
    // Only now, with the new item durable, the old one goes (a GC above may have moved it).
    auto [pos, inserted] = index_.try_emplace(Id{it.ns, std::string(it.key_view()), it.chunk}, at);
    if (inserted) return ok_status();
    Loc old = pos->second;
    pos->second = at;
    return erase_loc(old);
}

Status NvsPages::erase(const Id& id) {
    if (!mounted_) return Err::BadState;
    auto it = index_.find(id);
    if (it == index_.end()) return Err::NotFound;
    Loc loc = it->second;
    index_.erase(it);
    return erase_loc(loc);
}

Status NvsPages::format() {
    mounted_ = false;
    index_.clear();
    pages_.assign(region_.size() / nvs::kPageSize, Page{});
    if (pages_.empty()) return Err::InvalidArg;
    for (size_t p = 0; p < pages_.size(); ++p) FW_TRY(erase_page(p));
    active_ = -1;
    next_seq_ = 0;
    last_opened_ = pages_.size() - 1;
    mounted_ = true;
    return ok_status();
}

size_t NvsPages::capacity() const { return pages_.empty() ? 0 : (pages_.size() - 1) * kEntryCount * kEntrySize; }

size_t NvsPages::used() const {
    size_t n = 0;
    for (const auto& pg : pages_) n += pg.kind == Kind::InUse ? pg.live : 0;
    return n * kEntrySize;
}

}  // namespace fw::storage
