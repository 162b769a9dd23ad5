#pragma once
// A byte buffer seen as a read-only flash, so that the image and signature checks written for
// flash run unchanged over a copy held in RAM (see loaded_image.h).
#include <cstring>

#include "hal/flash.h"

namespace fw::storage {

class BufferFlash : public hal::Flash {
public:
    BufferFlash(const uint8_t* data, uint32_t size) : data_(data), size_(size) {}
    uint32_t size() const override { return size_; }
    hal::Status read(uint32_t addr, void* dst, size_t len) override {
        if (addr > size_ || len > size_ - addr) return hal::Status::OutOfRange;
        std::memcpy(dst, data_ + addr, len);
        return hal::Status::Ok;
    }
    hal::Status write(uint32_t, const void*, size_t) override { return hal::Status::Unsupported; }
    hal::Status erase_sector(uint32_t) override { return hal::Status::Unsupported; }

private:
    const uint8_t* data_;
    uint32_t size_;
};

}  // namespace fw::storage
