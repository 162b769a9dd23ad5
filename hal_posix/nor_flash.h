#pragma once
// NOR flash semantics over a byte array, shared by the file-backed flash of the simulated chip
// and the in-memory flash of unit tests: erase sets a sector to 0xFF, a write ANDs bits in,
// per-sector counters, and power-cut fault injection.
#include <cstdint>
#include <vector>

#include "hal/flash.h"

namespace hal_posix {

struct SectorCounters {
    uint64_t reads = 0, writes = 0, erases = 0;
};

class NorFlash : public hal::Flash {
public:
    uint32_t size() const override { return size_; }
    hal::Status read(uint32_t addr, void* dst, size_t len) override;
    hal::Status write(uint32_t addr, const void* src, size_t len) override;
    hal::Status erase_sector(uint32_t addr) override;

    // Power is cut during the n-th write or erase from now (1 = the next one): that operation
    // is applied only partly (the first half of its bytes), and every call after it fails with
    // PowerLost. 0 disables the cut.
    void cut_power_after(uint64_t n);
    // A flash that is not what it was when read (a swapped chip, a flash emulator): once a read
    // has returned the byte at `addr`, the whole array takes `content` (its first size() bytes;
    // the rest keeps its bytes). Once only.
    void change_after_read(uint32_t addr, std::vector<uint8_t> content);
    bool power_lost() const { return power_lost_; }
    // Counts every write and erase, including the one cut short.
    uint64_t mutating_ops() const { return ops_; }
    const SectorCounters& sector(uint32_t index) const { return counters_[index]; }
    uint32_t sector_count() const { return size_ / kSectorSize; }

protected:
    NorFlash() = default;
    // `mem` stays owned by the subclass and must outlive this object; `size` is whole sectors.
    void attach(uint8_t* mem, uint32_t size);

private:
    bool in_range(uint32_t addr, size_t len) const { return addr <= size_ && len <= size_ - addr; }
    // Returns how many bytes of an `len`-byte operation reach the array (all, or half on a cut).
    size_t begin_mutation(size_t len);

    uint8_t* mem_ = nullptr;
    uint32_t size_ = 0;
    std::vector<SectorCounters> counters_;
    uint64_t ops_ = 0;
    uint64_t cut_at_ = 0;
    bool power_lost_ = false;
    uint32_t change_at_ = 0;
    std::vector<uint8_t> change_to_;  // empty: no change armed
};

// Flash held in RAM: unit tests and host tools.
class MemFlash : public NorFlash {
public:
    explicit MemFlash(uint32_t size) : mem_(size, 0xFF) { attach(mem_.data(), size); }
    std::vector<uint8_t>& bytes() { return mem_; }

private:
    std::vector<uint8_t> mem_;
};

}  // namespace hal_posix
