#pragma once
// Telemetry from the sensor to the platform, in every state of the device: the sensor is read on
// a timer (a failure is counted and logged); while online a reading is published at once through
// the profile, otherwise it goes into the offline buffer, which is published as one batch with the
// readings' own timestamps once the device is online again. A reading that never reaches the MQTT
// session's outbox (buffer full, unpublishable, refused) is counted as dropped.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "firmware/app/platform/offline_buffer.h"
#include "firmware/app/platform/profile.h"
#include "firmware/core/event_loop.h"
#include "hal/hal.h"

namespace fw::app {

class TelemetryPublisher {
public:
    using PublishFn = std::function<bool(const Publish&)>;  // false: refused

    TelemetryPublisher(const hal::Hal& hal, EventLoop& loop, CurrentProfile profile, PublishFn publish);
    ~TelemetryPublisher();
    TelemetryPublisher(const TelemetryPublisher&) = delete;
    TelemetryPublisher& operator=(const TelemetryPublisher&) = delete;

    // (Re)starts sampling every `interval_s`, keeping at most `offline_max` readings offline.
    void schedule(uint32_t interval_s, size_t offline_max);
    // Online: readings go out through the profile from now on, the buffered ones first. Offline:
    // they are kept.
    void set_online(bool online);

    uint32_t dropped() const { return dropped_ + offline_.dropped(); }
    uint32_t sensor_errors() const { return sensor_errors_; }
    size_t buffered() const { return offline_.size(); }

private:
    void sample();
    void flush(const Profile& profile);
    void publish_readings(const std::vector<Publish>& pubs, size_t readings);

    const hal::Hal& hal_;
    EventLoop& loop_;
    CurrentProfile profile_;
    PublishFn publish_;
    uint32_t interval_s_ = 0;
    size_t offline_max_ = 1;
    bool online_ = false;
    OfflineBuffer offline_;
    uint32_t dropped_ = 0;  // unpublishable or refused; the offline buffer counts its own
    uint32_t sensor_errors_ = 0;
    EventLoop::TimerId timer_ = EventLoop::kNoTimer;
};

}  // namespace fw::app
