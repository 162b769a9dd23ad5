#pragma once
#include "hal/flash.h"
#include "hal/log.h"
#include "hal/system.h"
#include "hal_posix/chip_env.h"

namespace hal_posix {

// restart() and halt() end this process with an exit code the chip (the `device` process) acts
// on; run_app() replaces this process with the ELF stored in flash (memfd_create + fexecve), so
// the code that runs is the code in flash.bin.
class PosixSystem : public hal::System {
public:
    PosixSystem(const ChipEnv& env, hal::Flash& flash, hal::Log& log) : env_(env), flash_(flash), log_(log) {}
    [[noreturn]] void restart() override;
    [[noreturn]] void halt(const char* why) override;
    hal::ResetReason reset_reason() override { return env_.reset_reason; }
    uint32_t boot_count() override { return env_.boot_count; }
    hal::Status run_app(uint32_t image_offset, uint32_t payload_offset, uint32_t payload_size) override;
    uint32_t running_image_offset() override { return env_.image_offset; }
    // The button is SIGUSR1 (`kill -USR1` the device process): install_button() sets it up.
    bool poll_button() override;
    static void install_button();
    size_t free_heap() override;
    size_t min_free_heap() override;

private:
    ChipEnv env_;
    hal::Flash& flash_;
    hal::Log& log_;
    size_t min_free_ = static_cast<size_t>(-1);
};

// Executes the ELF stored at [offset, offset+len) of `flash`, replacing this process (the chip
// environment must already be exported). Returns only on failure.
hal::Status exec_from_flash(hal::Flash& flash, uint32_t offset, uint32_t len, const char* name);

}  // namespace hal_posix
