#pragma once
// The flash as the programs stored in it see it. As ESP-IDF's default
// (CONFIG_SPI_FLASH_DANGEROUS_WRITE_ABORTS), the bootloader (0x1000) and the partition table
// (0x10000) cannot be written or erased from the bootloader or the app: only the host (fwtool, as
// esptool) writes them. With secure boot on, an app that could rewrite the
// bootloader could otherwise replace the root of the boot chain; the ROM would refuse an
// unsigned one, but the chip would no longer boot.
#include "hal/flash.h"
#include "hal/log.h"

namespace hal_posix {

class ProtectedFlash : public hal::Flash {
public:
    static constexpr uint32_t kProtectedEnd = 0x11000;  // end of the partition table sector

    ProtectedFlash(hal::Flash& flash, hal::Log& log) : flash_(flash), log_(log) {}
    uint32_t size() const override { return flash_.size(); }
    hal::Status read(uint32_t addr, void* dst, size_t len) override { return flash_.read(addr, dst, len); }
    hal::Status write(uint32_t addr, const void* src, size_t len) override;
    hal::Status erase_sector(uint32_t addr) override;

private:
    // False (and the refusal logged) when [addr, addr+len) touches the protected region.
    bool allowed(const char* what, uint32_t addr, size_t len);

    hal::Flash& flash_;
    hal::Log& log_;
};

}  // namespace hal_posix
