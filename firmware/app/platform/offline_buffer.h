#pragma once
// Readings taken while the device is not online, kept to be published as one batch, with their
// own timestamps, once it is. Bounded (config offline_max): when full, the oldest reading goes
// first, and is counted.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

#include "firmware/app/platform/telemetry.h"

namespace fw::app {

class OfflineBuffer {
public:
    // Keeps `r`, dropping the oldest readings while `max` (at least 1) are kept already.
    void keep(const TimedReading& r, size_t max);
    // Every kept reading, oldest first; the buffer is empty afterwards.
    std::vector<TimedReading> take();
    size_t size() const { return readings_.size(); }
    // Readings dropped because the buffer was full, since boot.
    uint32_t dropped() const { return dropped_; }

private:
    std::deque<TimedReading> readings_;
    uint32_t dropped_ = 0;
};

}  // namespace fw::app
