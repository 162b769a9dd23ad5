#pragma once
// A window of the flash (one partition): addresses are relative to its start and every access is
// bounds-checked against it, so a bug in one store can never write into another partition.
#include <cstdint>

#include "firmware/core/result.h"
#include "hal/flash.h"

namespace fw::storage {

class FlashRegion {
public:
    FlashRegion(hal::Flash& flash, uint32_t offset, uint32_t size) : flash_(&flash), offset_(offset), size_(size) {}

    uint32_t size() const { return size_; }
    uint32_t offset() const { return offset_; }
    uint32_t sector_count() const { return size_ / hal::Flash::kSectorSize; }
    hal::Flash& flash() const { return *flash_; }

    Status read(uint32_t addr, void* dst, size_t len) const {
        if (!contains(addr, len)) return Err::InvalidArg;
        return Status(from_hal(flash_->read(offset_ + addr, dst, len)));
    }
    Status write(uint32_t addr, const void* src, size_t len) const {
        if (!contains(addr, len)) return Err::InvalidArg;
        return Status(from_hal(flash_->write(offset_ + addr, src, len)));
    }
    Status erase_sector(uint32_t addr) const {
        if (!contains(addr, hal::Flash::kSectorSize)) return Err::InvalidArg;
        return Status(from_hal(flash_->erase_sector(offset_ + addr)));
    }

private:
    bool contains(uint32_t addr, size_t len) const { return addr <= size_ && len <= size_ - addr; }

    hal::Flash* flash_;
    uint32_t offset_;
    uint32_t size_;
};

}  // namespace fw::storage
