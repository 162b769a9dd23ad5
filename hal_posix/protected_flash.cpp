#include "hal_posix/protected_flash.h"

#include <cstdio>

namespace hal_posix {

bool ProtectedFlash::allowed(const char* what, uint32_t addr, size_t len) {
    if (addr >= kProtectedEnd || len == 0) return true;
    char line[200];
    int n = std::snprintf(line, sizeof line,
                          "flash: %s at 0x%x refused: the bootloader and partition table (below 0x%x) are "
                          "write-protected; write them from the host (fwtool flash write)",
                          what, static_cast<unsigned>(addr), static_cast<unsigned>(kProtectedEnd));
    log_.write_line(line, static_cast<size_t>(n) < sizeof line ? static_cast<size_t>(n) : sizeof line - 1);
    return false;
}

hal::Status ProtectedFlash::write(uint32_t addr, const void* src, size_t len) {
    if (!allowed("write", addr, len)) return hal::Status::WriteProtected;
    return flash_.write(addr, src, len);
}

hal::Status ProtectedFlash::erase_sector(uint32_t addr) {
    if (!allowed("erase", addr, kSectorSize)) return hal::Status::WriteProtected;
    return flash_.erase_sector(addr);
}

}  // namespace hal_posix
