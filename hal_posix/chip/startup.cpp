// Start-up code linked into every program stored in flash (bootloader and app), like ESP-IDF's
// cpu_start: it brings up the chip's devices from what power-on passed in FWCHIP_* variables and
// calls app_main(). Built twice: the bootloader variant brings up no peripherals.
#include <cstdio>
#include <memory>
#include <string>

#include "hal/entry.h"
#include "hal_posix/chip_env.h"
#include "hal_posix/chip_flash.h"
#include "hal_posix/heap_scope.h"
#include "hal_posix/io_wait.h"
#include "hal_posix/posix_clock.h"
#include "hal_posix/posix_efuse.h"
#include "hal_posix/posix_log.h"
#include "hal_posix/posix_net.h"
#include "hal_posix/posix_rng.h"
#include "hal_posix/posix_system.h"
#include "hal_posix/protected_flash.h"
#ifdef FWCHIP_PERIPHERALS
#include "hal_posix/prov_ble.h"
#include "hal_posix/prov_softap.h"
#include "hal_posix/sim_sensor.h"
#include "hal_posix/sim_wifi.h"
#endif

int main() {
    using namespace hal_posix;
    ChipEnv env = ChipEnv::from_environment();
    IoWait io;
    PosixClock clock(io);
    PosixRng rng;
    PosixLog log(io);
    std::string error;
    auto flash = open_chip_flash(env, error);
    if (!flash) {
        std::fprintf(stderr, "chip: flash: %s\n", error.c_str());
        return kExitHalt;
    }
    auto efuse = PosixEfuse::open(env.efuse_path, rng, error);
    if (!efuse) {
        std::fprintf(stderr, "chip: efuse: %s\n", error.c_str());
        return kExitHalt;
    }
    PosixSystem system(env, log);
    PosixSystem::install_button();
    PosixNet net(io);
    ProtectedFlash program_flash(*flash, log);
    hal::Hal hal{&program_flash, &clock, &rng, &system, efuse.get(), &log, nullptr, nullptr, nullptr, nullptr};
#ifdef FWCHIP_PERIPHERALS
    hal.net = &net;
    std::unique_ptr<SimWifi> wifi;
    if (!env.radio_path.empty()) {
        SimWifi::Environment radio;
        if (!SimWifi::load_file(env.radio_path, radio, error)) {
            std::fprintf(stderr, "chip: radio: %s\n", error.c_str());
            return kExitHalt;
        }
        net.set_link_up(false);  // no network until the station joins
        wifi = std::make_unique<SimWifi>(clock, &io, std::move(radio), [&net](bool up) { net.set_link_up(up); });
        hal.wifi = wifi.get();
    }
    std::unique_ptr<ProvStreamServer> prov;
    if (!env.prov_ble_path.empty())
        prov = std::make_unique<ProvBle>(io, env.prov_ble_path);
    else
        prov = std::make_unique<ProvSoftAp>(io, env.prov_port);
    hal.prov = prov.get();
    std::unique_ptr<SimSensor> sensor;
    if (!env.sensor_path.empty()) {
        sensor = SimSensor::from_csv_file(clock, env.sensor_path, error);
        if (!sensor) {
            std::fprintf(stderr, "chip: sensor: %s\n", error.c_str());
            return kExitHalt;
        }
    } else {
        sensor = std::make_unique<SimSensor>(clock);
    }
    hal.sensor = sensor.get();
#endif
    FirmwareHeap firmware;  // from here on, what is not the simulation's is the firmware's heap
    return app_main(hal);
}
