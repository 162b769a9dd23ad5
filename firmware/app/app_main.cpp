// The device application's entry point: banner, console, and the device state machine.
#include "firmware/app/banner.h"
#include "firmware/app/console.h"
#include "firmware/app/device.h"
#include "firmware/core/event_loop.h"
#include "firmware/core/log.h"
#include "hal/entry.h"

int app_main(const hal::Hal& hal) {
    fw::log::init(*hal.log, *hal.clock);
    fw::app::BootInfo boot = fw::app::read_boot_info(hal);
    fw::app::log_banner(boot);

    fw::EventLoop loop(*hal.clock);
    fw::app::Device device(hal, loop, boot);
    fw::app::Console console(loop, *hal.log);
    console.add("restart", "restart the chip", [&](const std::string&) {
        FW_LOGI("app", "restart requested from the console");
        hal.system->restart();
    });
    console.add("version", "print the running firmware version", [&](const std::string&) {
        FW_LOGI("app", "version %s (%s)", boot.desc.version.c_str(), boot.slot.c_str());
    });
    console.add("status", "print the device state and counters", [&](const std::string&) { device.log_status(); });
    console.add("factory-reset", "erase Wi-Fi credentials and restart into provisioning",
                [&](const std::string&) { device.factory_reset(); });
    console.add("poweroff", "stop the chip", [&](const std::string&) { loop.stop(); });
    device.start();
    loop.run();
    return 0;
}
