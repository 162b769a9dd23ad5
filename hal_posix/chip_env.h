#pragma once
// What the simulated chip passes from power-on (the `device` process) to the bootloader and app
// processes it runs: the files that stand for flash, eFuse and radio, and the RTC state that
// survives a reset (reset reason, boot count). Carried in the environment, FWCHIP_* variables.
#include <cstdint>
#include <string>

#include "hal/system.h"

namespace hal_posix {

struct ChipEnv {
    std::string flash_path;
    std::string efuse_path;
    std::string radio_path;   // simulated Wi-Fi environment (JSON); empty: no radio
    std::string sensor_path;  // replayed sensor values (CSV); empty: the built-in waveform
    hal::ResetReason reset_reason = hal::ResetReason::PowerOn;
    uint32_t boot_count = 1;
    uint32_t image_offset = 0;  // flash offset of the running app image; 0 in the bootloader
    uint16_t prov_port = 0;     // SoftAP provisioning HTTP port; 0 picks a free one
    std::string prov_ble_path;  // set: provisioning over the BLE-like Unix socket instead of SoftAP
    // Test fault: flash.bin takes the content of this file once the byte at flash_change_at has
    // been read (NorFlash::change_after_read); empty: none.
    std::string flash_change_path;
    uint32_t flash_change_at = 0;

    static ChipEnv from_environment();
    void to_environment() const;
};

// Exit codes by which a firmware process tells the chip what happened.
constexpr int kExitRestart = 64;  // System::restart()
constexpr int kExitHalt = 65;     // System::halt(): no bootable image

}  // namespace hal_posix
