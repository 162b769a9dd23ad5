#pragma once
// What the app knows about itself at boot: its image descriptor and slot, read from flash at the
// offset the bootloader started it from, plus the chip's identity. Logged as the boot banner.
#include <cstdint>
#include <string>

#include "firmware/storage/app_image.h"
#include "hal/hal.h"

namespace fw::app {

struct BootInfo {
    fw::storage::AppDesc desc;
    std::string slot;  // partition label, e.g. "ota_0"
    uint32_t image_offset = 0;
    hal::ResetReason reset_reason = hal::ResetReason::Unknown;
    uint32_t boot_count = 0;
    uint8_t mac[6] = {};
};

BootInfo read_boot_info(const hal::Hal& hal);
void log_banner(const BootInfo& info);

}  // namespace fw::app
