#pragma once
// Temperature/humidity sensor (DHT11/SHT3x-like). Blocking read of a few ms.
#include "hal/status.h"

namespace hal {

struct Reading {
    float temperature_c;
    float humidity_pct;
};

class Sensor {
public:
    virtual ~Sensor() = default;
    // Timeout or Io when the sensor does not answer or the checksum fails, as a DHT11 does.
    virtual Status read(Reading& out) = 0;
};

}  // namespace hal
