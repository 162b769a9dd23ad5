#pragma once
// The whole hardware a firmware image sees. The backend (hal_posix, or a test's fake HAL)
// owns the objects, which outlive the firmware. flash, clock, rng, system, efuse and log are
// always present; a board without a peripheral (no radio, no sensor) leaves its pointer null,
// which is also how the bootloader is started: it needs no peripherals.
#include "hal/clock.h"
#include "hal/efuse.h"
#include "hal/flash.h"
#include "hal/log.h"
#include "hal/net.h"
#include "hal/prov_transport.h"
#include "hal/rng.h"
#include "hal/sensor.h"
#include "hal/system.h"
#include "hal/wifi.h"

namespace hal {

struct Hal {
    Flash* flash;
    Clock* clock;
    Rng* rng;
    System* system;
    Efuse* efuse;
    Log* log;
    Net* net;
    Wifi* wifi;
    ProvTransport* prov;
    Sensor* sensor;
};

}  // namespace hal
