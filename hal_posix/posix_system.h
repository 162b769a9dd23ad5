#pragma once
#include "hal/log.h"
#include "hal/system.h"
#include "hal_posix/chip_env.h"

namespace hal_posix {

// restart() and halt() end this process with an exit code the chip (the `device` process) acts
// on; run_app() replaces this process with the app's executable as the bootloader verified it
// (exec_sealed), so the code that runs is the code in flash.bin that passed the checks.
class PosixSystem : public hal::System {
public:
    PosixSystem(const ChipEnv& env, hal::Log& log) : env_(env), log_(log) {}
    [[noreturn]] void restart() override;
    [[noreturn]] void halt(const char* why) override;
    hal::ResetReason reset_reason() override { return env_.reset_reason; }
    uint32_t boot_count() override { return env_.boot_count; }
    hal::Status run_app(uint32_t image_offset, const uint8_t* exe, size_t len) override;
    uint32_t running_image_offset() override { return env_.image_offset; }
    // The button is SIGUSR1 (`kill -USR1` the device process): install_button() sets it up.
    bool poll_button() override;
    static void install_button();
    size_t free_heap() override;
    size_t min_free_heap() override;
    // From the counting allocator linked into the app (heap_count.h); 0 without it (ASan builds).
    size_t firmware_heap() override;
    size_t firmware_heap_peak() override;

private:
    ChipEnv env_;
    hal::Log& log_;
    size_t min_free_ = static_cast<size_t>(-1);
};

}  // namespace hal_posix
