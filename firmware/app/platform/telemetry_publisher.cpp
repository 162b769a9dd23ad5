#include "firmware/app/platform/telemetry_publisher.h"

#include "firmware/core/log.h"

namespace fw::app {
namespace {
constexpr const char* kTag = "device";
}

TelemetryPublisher::TelemetryPublisher(const hal::Hal& hal, EventLoop& loop, CurrentProfile profile, PublishFn publish)
    : hal_(hal), loop_(loop), profile_(std::move(profile)), publish_(std::move(publish)) {}

TelemetryPublisher::~TelemetryPublisher() { loop_.cancel(timer_); }

void TelemetryPublisher::schedule(uint32_t interval_s, size_t offline_max) {
    interval_s_ = interval_s;
    offline_max_ = offline_max;
    loop_.cancel(timer_);
    uint32_t period = interval_s * 1000;
    timer_ = loop_.add_timer(
        period, [this] { sample(); }, period);
}

void TelemetryPublisher::set_online(bool online) {
    online_ = online;
    const Profile* profile = profile_();
    if (online && profile != nullptr) flush(*profile);
}

void TelemetryPublisher::sample() {
    if (hal_.sensor == nullptr) return;
    hal::Reading r{};
    if (hal::Status s = hal_.sensor->read(r); s != hal::Status::Ok) {
        ++sensor_errors_;
        FW_LOGW(kTag, "sensor read failed (%s), %u failures so far; next try in %us", name_of(s),
                static_cast<unsigned>(sensor_errors_), static_cast<unsigned>(interval_s_));
        return;
    }
    TimedReading tr{hal_.clock->unix_ms(), r};
    FW_LOGD(kTag, "reading %.2f C %.1f %%RH", static_cast<double>(r.temperature_c),
            static_cast<double>(r.humidity_pct));
    const Profile* profile = profile_();
    if (!online_ || profile == nullptr) {
        offline_.keep(tr, offline_max_);
        return;
    }
    auto pubs = profile->format_live(tr);
    if (!pubs.ok()) {
        FW_LOGE(kTag, "reading not publishable (%s)", name_of(pubs.err()));
        return;
    }
    publish_readings(pubs.value(), 1);
}

void TelemetryPublisher::flush(const Profile& profile) {
    if (offline_.size() == 0) return;
    std::vector<TimedReading> batch = offline_.take();
    auto pubs = profile.format_batch(batch);
    if (!pubs.ok()) {
        FW_LOGE(kTag, "buffered readings not publishable (%s): dropped", name_of(pubs.err()));
        dropped_ += static_cast<uint32_t>(batch.size());
        return;
    }
    FW_LOGI(kTag, "publishing %zu readings buffered while offline", batch.size());
    publish_readings(pubs.value(), batch.size());
}

// A refused message loses the readings it carries. Which readings a batch message carries is the
// profile's business; they are spread over its messages in order and about evenly, so the refused
// messages' share of the readings is counted (rounded up).
void TelemetryPublisher::publish_readings(const std::vector<Publish>& pubs, size_t readings) {
    size_t refused = 0;
    for (const auto& p : pubs)
        if (!publish_(p)) ++refused;
    if (refused > 0) dropped_ += static_cast<uint32_t>((readings * refused + pubs.size() - 1) / pubs.size());
}

}  // namespace fw::app
