#pragma once
// A power-loss-safe, log-structured record store over one flash partition: the engine shared by
// the kv store and certfs. Records (key -> value) are appended to a head sector; the newest valid
// record of a key wins and the older one is retired by clearing its flags byte. Garbage collection
// copies a sector's live records into an erased sector before erasing it, so one erased sector is
// always kept in reserve. Mount scans every sector, finishes or restarts an interrupted GC, and
// ignores every record whose CRC fails. On-flash format: STORAGE_FORMAT.md.
//
// Any flash error during a change unmounts the log (RAM and flash may disagree): mount() again.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "firmware/core/result.h"
#include "firmware/storage/flash_log_format.h"
#include "firmware/storage/flash_region.h"

namespace fw::storage {

struct FlashLogStats {
    uint64_t user_bytes = 0;   // record bytes appended for callers' writes
    uint64_t flash_bytes = 0;  // every byte programmed: records, GC copies, sector headers, marks
    uint64_t gc_runs = 0;
    uint64_t erases = 0;
};

class FlashLog {
public:
    static constexpr size_t kMaxKey = flog::kMaxKey;
    // Largest key + value of one record: records never span sectors.
    static constexpr size_t kMaxEntry = flog::kMaxEntry;
    // A sector whose erase count trails the most-erased one by more than this has its (cold)
    // records moved, so static data does not pin a sector while the others wear out.
    static constexpr uint32_t kWearSlack = 4;

    explicit FlashLog(const FlashRegion& region) : region_(region) {}

    // Scans the partition and repairs what a power cut left behind. A partition that holds nothing
    // (erased, or an interrupted format) is formatted; one without a single valid sector header but
    // with data returns Corrupt, so it is never wiped silently: format() it deliberately.
    Status mount();
    // Erases every sector (keeping erase counts where they can be read) and mounts the empty log.
    Status format();
    bool mounted() const { return mounted_; }

    bool contains(std::string_view key) const { return index_.find(key) != index_.end(); }
    Result<size_t> size_of(std::string_view key) const;
    // Reads the whole value; `len` must be its size. Corrupt when the stored CRC no longer matches.
    Status read(std::string_view key, void* dst, size_t len) const;
    Result<std::vector<uint8_t>> read(std::string_view key) const;
    // Atomic per key: after a power cut the key holds the old or the new value, never a mix.
    // Writing the value already stored changes nothing on flash.
    Status write(std::string_view key, const void* value, size_t len);
    Status remove(std::string_view key);
    // Keys starting with `prefix`, in byte order.
    std::vector<std::string> keys(std::string_view prefix = {}) const;

    size_t capacity() const;  // record bytes it can hold: every sector but the GC reserve
    size_t used() const;      // record bytes of the live records
    const FlashLogStats& stats() const { return stats_; }

private:
    enum class State : uint8_t { Free, Active, Full, Collecting, Bad };
    struct Sector {
        State state = State::Bad;
        bool count_known = false;  // erase_count was read from a valid header
        bool clean_tail = true;    // everything after `used` is erased
        bool copied = false;
        uint32_t erase_count = 0;
        uint32_t seq = 0;
        uint32_t used = flog::kSectorHeaderSize;  // append offset within the sector
        uint32_t live = 0;                        // bytes of indexed records
    };
    struct Loc {
        uint16_t sector = 0;
        uint16_t offset = 0;
        uint16_t value_len = 0;
        uint8_t key_len = 0;
        uint32_t size() const { return flog::record_size(key_len, value_len); }
        uint32_t data_len() const { return flog::kRecordHeaderSize + key_len + value_len; }
    };
    struct Scanned {
        std::string key;
        Loc loc;
    };
    using Index = std::map<std::string, Loc, std::less<>>;  // key -> its newest valid record
    static constexpr uint32_t kNone = UINT32_MAX;

    // flash_log.cpp: record I/O.
    uint32_t addr(uint32_t sector, uint32_t offset) const { return sector * flog::kSectorSize + offset; }
    Status program(uint32_t address, const void* src, size_t len);
    Status set_mark(uint32_t sector, uint32_t mark);
    Result<bool> blank(uint32_t address, size_t len) const;
    Status check_record(const Loc& loc, std::string_view key, void* dst) const;
    bool same_value(const Loc& loc, uint32_t crc, const void* value, size_t len) const;
    Status append(std::string_view key, const void* value, size_t len, uint32_t crc);
    Status retire(const Loc& loc);
    Status guard(Status s);

    // flash_log_mount.cpp: scan and repair.
    Status classify(uint32_t s, bool& body_blank);
    Status scan_records(uint32_t s, std::vector<Scanned>& out);
    // Reads the key of the record at `off` with header `h`; true when key and value match its CRC.
    Result<bool> read_record(uint32_t s, uint32_t off, const flog::RecordHeader& h, std::string& key) const;
    Result<uint32_t> next_intact_record(uint32_t s, uint32_t from) const;
    Status repair_interrupted_gc(std::vector<uint32_t>& redo);
    Status build_index();
    Status choose_head();
    Status mount_scan();

    // flash_log_gc.cpp: space management.
    Status prepare(uint32_t s, uint32_t erase_count);
    Status activate(uint32_t s);
    Status seal_head();
    Status ensure_room(uint32_t size);
    Status collect(uint32_t victim);
    Status copy_record(const Loc& from, uint32_t dest, Loc& to);
    uint32_t pick_free() const;
    uint32_t free_count() const;
    uint32_t best_victim(uint32_t size) const;
    uint32_t wear_victim() const;
    uint32_t max_erase_count() const;
    std::vector<Index::iterator> live_records(uint32_t s);  // in offset order

    FlashRegion region_;
    std::vector<Sector> sectors_;
    Index index_;
    uint32_t head_ = kNone;
    uint32_t max_seq_ = 0;
    bool mounted_ = false;
    FlashLogStats stats_;
};

}  // namespace fw::storage
