// The second-stage bootloader program, stored at 0x1000 in flash.bin and started by the chip.
#include "firmware/boot/bootloader.h"
#include "firmware/core/assert.h"
#include "firmware/core/log.h"
#include "hal/entry.h"

int app_main(const hal::Hal& hal) {
    fw::log::init(*hal.log, *hal.clock);
    fw::set_assert_system(hal.system);
    FW_LOGI("boot", "second-stage bootloader, boot #%u, reset reason %s",
            static_cast<unsigned>(hal.system->boot_count()), hal::name_of(hal.system->reset_reason()));
    auto choice = fw::boot::select_image(hal);
    if (!choice.ok()) hal.system->halt("no bootable app image");
    FW_LOGI("boot", "loading %s at 0x%x", choice->partition.label.c_str(),
            static_cast<unsigned>(choice->partition.offset));
    hal::Status s =
        hal.system->run_app(choice->partition.offset, choice->image.executable(), choice->image.info.payload_len);
    FW_LOGE("boot", "could not start the app in %s (%s)", choice->partition.label.c_str(), hal::name_of(s));
    hal.system->halt("app failed to start");
    return 1;  // not reached: halt() stops the chip; g++ does not trust [[noreturn]] on a virtual call
}
