#pragma once
// The page engine of ESP-IDF's NVS format over a partition: finds items by (namespace index, key,
// chunk index), appends and erases them, moves to a new page when one is full and collects garbage
// into the reserved free page. What goes in the items (namespaces, types, blobs) is KvStore's.
//
// Every write is ordered so that a power cut at any flash write or erase leaves either the old
// or the new state, and mount() repairs what a cut left half done (STORAGE_FORMAT.md).
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "firmware/core/result.h"
#include "firmware/storage/flash_region.h"
#include "firmware/storage/nvs_format.h"

namespace fw::storage {

struct NvsStats {
    uint64_t gc_runs = 0;      // pages compacted into the reserve
    uint64_t flash_bytes = 0;  // bytes written to flash (items, state bitmaps, headers, GC copies)
    uint64_t user_bytes = 0;   // bytes of the items callers asked for
};

class NvsPages {
public:
    struct Id {
        uint8_t ns;
        std::string key;
        uint8_t chunk;
        bool operator<(const Id& o) const {
            return ns != o.ns ? ns < o.ns : key != o.key ? key < o.key : chunk < o.chunk;
        }
    };

    explicit NvsPages(const FlashRegion& region) : region_(region) {}

    // Loads the partition and repairs what a power cut left. Corrupt: the partition holds no NVS
    // page but is not blank, or a page of another format version; it is left untouched.
    Status mount();
    // Erases every page: an empty store.
    Status format();
    bool mounted() const { return mounted_; }

    const nvs::Item* find(const Id& id) const;
    // The payload of a variable-length item (CRC-checked).
    Result<std::vector<uint8_t>> read_payload(const Id& id) const;
    // Every live item, by identity.
    template <class F>
    void for_each(F&& f) const {
        for (const auto& [id, loc] : index_) f(id, loc.item);
    }

    // Writes `item` (its CRC computed here) followed by `payload` for variable-length items, then
    // erases the previous item of the same identity. NoSpace leaves the store as it was.
    Status put(const nvs::Item& item, const uint8_t* payload = nullptr, size_t len = 0);
    // Erases the item; NotFound if there is none.
    Status erase(const Id& id);

    // Entries the active page can still take (0 without one).
    size_t free_entries() const;
    // Seals the active page and opens one with at least `count` free entries (collecting garbage if
    // only the reserve is left). NoSpace, before anything is written, if no page can have them.
    Status next_page(size_t count);

    size_t page_count() const { return pages_.size(); }
    size_t capacity() const;  // bytes of entries outside the reserved page
    size_t used() const;      // bytes of entries held by live items
    const NvsStats& stats() const { return stats_; }

private:
    enum class Kind : uint8_t { Blank, Dirty, InUse };
    struct Page {
        Kind kind = Kind::Blank;
        uint32_t state = 0;
        uint32_t seq = 0;
        uint8_t bitmap[32] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                              0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                              0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
        uint8_t next_free = 0;  // entries at and after it are empty and erased
        uint16_t live = 0;      // entries held by indexed items
    };
    struct Loc {
        uint16_t page;
        uint8_t entry;
        nvs::Item item;
    };
    struct Found {  // an item seen by mount
        Id id;
        Loc loc;
    };

    uint32_t page_addr(size_t p) const { return static_cast<uint32_t>(p) * nvs::kPageSize; }
    uint32_t entry_addr(size_t p, size_t e) const {
        return page_addr(p) + nvs::kEntriesOffset + static_cast<uint32_t>(e * nvs::kEntrySize);
    }
    Status write(uint32_t addr, const void* src, size_t len);
    Status erase_page(size_t p);
    Status set_page_state(size_t p, nvs::PageState s);
    // Sets the state of `count` entries from `first`, writing the bitmap words last to first.
    Status set_entry_states(size_t p, size_t first, size_t count, nvs::EntryState s);
    Status activate(size_t p);
    Status append(const uint8_t* entries, size_t count, Loc& at);
    Status erase_loc(const Loc& loc);
    Status make_room(size_t count);
    bool can_make_room(size_t count) const;
    std::vector<size_t> free_pages() const;
    Status collect();
    Status finish_gc(size_t victim);
    Status copy_live(size_t from);
    bool newer(const Loc& a, const Loc& b) const;

    // mount() steps (nvs_mount.cpp)
    Status load_pages(std::vector<Found>& found, std::vector<Loc>& junk);
    void scan_page(size_t p, const std::vector<uint8_t>& raw, std::vector<Found>& found, std::vector<Loc>& junk) const;
    void build_index(std::vector<Found>& found, std::vector<Loc>& junk);
    void check_blobs(std::vector<Loc>& junk);
    Status tidy_active();
    Status finish_freeing();

    FlashRegion region_;
    std::vector<Page> pages_;
    std::map<Id, Loc> index_;
    int active_ = -1;
    size_t last_opened_ = 0;
    uint32_t next_seq_ = 0;
    bool mounted_ = false;
    NvsStats stats_;
};

}  // namespace fw::storage
