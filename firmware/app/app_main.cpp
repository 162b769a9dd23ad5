// The device application's entry point: banner, console, and the device state machine.
#include "firmware/app/console.h"
#include "firmware/app/device.h"
#include "firmware/app/identity/banner.h"
#include "firmware/core/assert.h"
#include "firmware/core/event_loop.h"
#include "firmware/core/log.h"
#include "hal/entry.h"

int app_main(const hal::Hal& hal) {
    fw::log::init(*hal.log, *hal.clock);
    fw::set_assert_system(hal.system);
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
    console.add("prov-pop", "print the Wi-Fi provisioning proof of possession (as the label shows it)",
                [&](const std::string&) { device.log_provisioning_pop(); });
    console.add("factory-reset", "erase Wi-Fi credentials and restart into provisioning",
                [&](const std::string&) { device.factory_reset(); });
    console.add("nvs-format", "confirm: erase the nvs partition (all stored settings)", [&](const std::string& args) {
        if (args != "confirm") {
            FW_LOGW("app", "nvs-format erases every stored setting: type 'nvs-format confirm'");
            return;
        }
        (void)device.format_nvs();  // logs the outcome
    });
    console.add("mqtt-pub", "TOPIC PAYLOAD: publish with the device's identity (QoS 1)", [&](const std::string& args) {
        size_t sp = args.find(' ');
        if (sp == std::string::npos) {
            FW_LOGW("app", "usage: mqtt-pub TOPIC PAYLOAD");
            return;
        }
        device.debug_publish(args.substr(0, sp), args.substr(sp + 1));
    });
    console.add("mqtt-sub", "FILTER: subscribe and log what arrives", [&](const std::string& args) {
        if (args.empty() || args.find(' ') != std::string::npos) {
            FW_LOGW("app", "usage: mqtt-sub FILTER");
            return;
        }
        device.debug_subscribe(args);
    });
    console.add("poweroff", "stop the chip", [&](const std::string&) { loop.stop(); });
    device.start();
    loop.run();
    return 0;
}
