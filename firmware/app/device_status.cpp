#include "firmware/app/device_status.h"

#include "firmware/core/log.h"

namespace fw::app {

DeviceStatus read_status(const hal::Hal& hal, const std::string& firmware_version, uint32_t dropped_messages,
                         uint32_t sensor_errors, uint32_t interval_s) {
    DeviceStatus s;
    s.uptime_s = hal.clock->now_ms() / 1000;
    s.firmware_version = firmware_version;
    s.free_heap = static_cast<uint32_t>(hal.system->free_heap());
    s.min_free_heap = static_cast<uint32_t>(hal.system->min_free_heap());
    s.firmware_heap = static_cast<uint32_t>(hal.system->firmware_heap());
    s.firmware_heap_peak = static_cast<uint32_t>(hal.system->firmware_heap_peak());
    s.rssi_dbm = hal.wifi ? hal.wifi->rssi() : 0;
    s.dropped_messages = dropped_messages;
    s.sensor_errors = sensor_errors;
    s.interval_s = interval_s;
    return s;
}

void log_status(const char* state, const DeviceStatus& s, size_t buffered) {
    FW_LOGI("device",
            "state %s, uptime %llus, version %s, heap %u (min %u), firmware heap %u (peak %u), rssi %d, "
            "dropped %u, offline buffer %zu, sensor errors %u",
            state, static_cast<unsigned long long>(s.uptime_s), s.firmware_version.c_str(),
            static_cast<unsigned>(s.free_heap), static_cast<unsigned>(s.min_free_heap),
            static_cast<unsigned>(s.firmware_heap), static_cast<unsigned>(s.firmware_heap_peak),
            static_cast<int>(s.rssi_dbm), static_cast<unsigned>(s.dropped_messages), buffered,
            static_cast<unsigned>(s.sensor_errors));
}

}  // namespace fw::app
