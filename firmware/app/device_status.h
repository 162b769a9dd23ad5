#pragma once
// The device's health: what get_status answers and the console's status line shows.
#include <cstddef>
#include <cstdint>
#include <string>

#include "firmware/app/platform/command.h"
#include "hal/hal.h"

namespace fw::app {

// Uptime, heap and RSSI from the HAL; the rest from the device's own counters.
DeviceStatus read_status(const hal::Hal& hal, const std::string& firmware_version, uint32_t dropped_messages,
                         uint32_t sensor_errors, uint32_t interval_s);
// One log line: `state`, `s`, and the readings waiting in the offline buffer.
void log_status(const char* state, const DeviceStatus& s, size_t buffered);

}  // namespace fw::app
