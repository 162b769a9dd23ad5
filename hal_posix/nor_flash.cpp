#include "hal_posix/nor_flash.h"

#include <algorithm>
#include <cstring>

namespace hal_posix {

void NorFlash::attach(uint8_t* mem, uint32_t size) {
    mem_ = mem;
    size_ = size;
    counters_.assign(size / kSectorSize, SectorCounters{});
}

void NorFlash::cut_power_after(uint64_t n) {
    cut_at_ = n == 0 ? 0 : ops_ + n;
    power_lost_ = false;
}

size_t NorFlash::begin_mutation(size_t len) {
    ++ops_;
    if (cut_at_ != 0 && ops_ == cut_at_) {
        power_lost_ = true;
        return len / 2;
    }
    return len;
}

void NorFlash::change_after_read(uint32_t addr, std::vector<uint8_t> content) {
    change_at_ = addr;
    change_to_ = std::move(content);
}

hal::Status NorFlash::read(uint32_t addr, void* dst, size_t len) {
    if (power_lost_) return hal::Status::PowerLost;
    if (!in_range(addr, len)) return hal::Status::OutOfRange;
    if (len == 0) return hal::Status::Ok;  // dst may be null then (an empty buffer's data())
    std::memcpy(dst, mem_ + addr, len);
    for (uint32_t s = addr / kSectorSize; s <= (addr + len - 1) / kSectorSize; ++s) ++counters_[s].reads;
    if (!change_to_.empty() && change_at_ >= addr && change_at_ - addr < len) {
        std::memcpy(mem_, change_to_.data(), std::min<size_t>(size_, change_to_.size()));
        change_to_.clear();
    }
    return hal::Status::Ok;
}

hal::Status NorFlash::write(uint32_t addr, const void* src, size_t len) {
    if (power_lost_) return hal::Status::PowerLost;
    if (!in_range(addr, len)) return hal::Status::OutOfRange;
    size_t n = begin_mutation(len);
    const auto* p = static_cast<const uint8_t*>(src);
    for (size_t i = 0; i < n; ++i) mem_[addr + i] &= p[i];  // NOR: programming only clears bits
    if (len > 0)
        for (uint32_t s = addr / kSectorSize; s <= (addr + len - 1) / kSectorSize; ++s) ++counters_[s].writes;
    return power_lost_ ? hal::Status::PowerLost : hal::Status::Ok;
}

hal::Status NorFlash::erase_sector(uint32_t addr) {
    if (power_lost_) return hal::Status::PowerLost;
    if (addr % kSectorSize != 0) return hal::Status::Unaligned;
    if (!in_range(addr, kSectorSize)) return hal::Status::OutOfRange;
    size_t n = begin_mutation(kSectorSize);
    std::memset(mem_ + addr, 0xFF, n);
    ++counters_[addr / kSectorSize].erases;
    return power_lost_ ? hal::Status::PowerLost : hal::Status::Ok;
}

}  // namespace hal_posix
