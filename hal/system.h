#pragma once
// The chip itself: restarts, reset cause, heap figures, and the bootloader's jump into an app.
#include <cstddef>
#include <cstdint>

#include "hal/status.h"

namespace hal {

// ESP-IDF's esp_reset_reason_t values.
enum class ResetReason : uint8_t {
    Unknown = 0,
    PowerOn = 1,
    External = 2,
    Software = 3,
    Panic = 4,
    Watchdog = 6,
    Brownout = 9,
};

class System {
public:
    virtual ~System() = default;
    // Resets the chip: RAM is lost and the bootloader runs again. Does not return.
    [[noreturn]] virtual void restart() = 0;
    // Stops the chip for good with a message (no bootable image). Does not return.
    [[noreturn]] virtual void halt(const char* why) = 0;
    virtual ResetReason reset_reason() = 0;
    // Boots since the chip was powered on (1 on the first).
    virtual uint32_t boot_count() = 0;
    // Bootloader only: runs the executable `exe` of the app whose image starts at `image_offset` of
    // flash. `exe` is the bootloader's verified copy in RAM: the chip runs exactly these bytes and
    // does not read the flash again. Returns only on failure.
    virtual Status run_app(uint32_t image_offset, const uint8_t* exe, size_t len) = 0;
    // Offset of the image this app was started from (0 in the bootloader).
    virtual uint32_t running_image_offset() = 0;
    // The board's BOOT button (GPIO0): true once for each press since the last call. Never blocks.
    virtual bool poll_button() = 0;
    virtual size_t free_heap() = 0;
    virtual size_t min_free_heap() = 0;
    // The firmware's own share of the heap in use, in bytes, and its highest level so far: the
    // heap less what the board's support code takes (a chip's ROM and radio firmware, a host's
    // simulation of them). 0 where the board cannot tell them apart.
    virtual size_t firmware_heap() = 0;
    virtual size_t firmware_heap_peak() = 0;
};

}  // namespace hal
