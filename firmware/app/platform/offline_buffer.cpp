#include "firmware/app/platform/offline_buffer.h"

#include "firmware/core/log.h"

namespace fw::app {
namespace {
constexpr const char* kTag = "device";
}

void OfflineBuffer::keep(const TimedReading& r, size_t max) {
    if (readings_.empty())
        FW_LOGI(kTag, "offline: keeping readings until online (at most %u)", static_cast<unsigned>(max));
    while (!readings_.empty() && readings_.size() >= max) {
        readings_.pop_front();
        ++dropped_;
        FW_LOGW(kTag, "offline buffer full: oldest reading dropped (%u so far)", static_cast<unsigned>(dropped_));
    }
    readings_.push_back(r);
}

std::vector<TimedReading> OfflineBuffer::take() {
    std::vector<TimedReading> batch(readings_.begin(), readings_.end());
    readings_.clear();
    return batch;
}

}  // namespace fw::app
