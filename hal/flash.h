#pragma once
// SPI NOR flash, as on an ESP32 module.
//
// Contract (NOR semantics):
// - The device is an array of size() bytes divided into 4 KiB sectors.
// - erase_sector(addr) sets every byte of the sector holding `addr` to 0xFF; `addr` must be
//   sector-aligned (Unaligned otherwise).
// - write() can only clear bits: the stored byte becomes old & new. Writing 0xFF over data does
//   not restore it; only an erase does. Any alignment is allowed.
// - read()/write() outside the device return OutOfRange and touch nothing.
// - Calls are blocking and synchronous; the caller owns every buffer.
// - After a power cut (fault injection), every call returns PowerLost. The operation in flight
//   when power was cut may have been applied partially.
#include <cstddef>
#include <cstdint>

#include "hal/status.h"

namespace hal {

class Flash {
public:
    static constexpr uint32_t kSectorSize = 4096;

    virtual ~Flash() = default;
    virtual uint32_t size() const = 0;
    virtual Status read(uint32_t addr, void* dst, size_t len) = 0;
    virtual Status write(uint32_t addr, const void* src, size_t len) = 0;
    virtual Status erase_sector(uint32_t addr) = 0;
};

}  // namespace hal
