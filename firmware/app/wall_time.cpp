#include "firmware/app/wall_time.h"

#include "firmware/core/log.h"
#include "firmware/storage/app_build_time.h"

namespace fw::app {
namespace {
constexpr const char* kTag = "time";
}  // namespace

WallTime::WallTime(const hal::Hal& hal, EventLoop& loop, const BootInfo& boot)
    : hal_(hal), loop_(loop), set_at_start_(hal.clock->unix_ms() > 0) {
    auto built = storage::app_build_unix_s(boot.desc);
    if (built.ok())
        floor_ms_ = built.value() * 1000;
    else
        FW_LOGW(kTag, "the app descriptor has no build time ('%s' '%s'): no floor for the wall clock",
                boot.desc.date.c_str(), boot.desc.time.c_str());
}

void WallTime::sync(const std::vector<net::HostPort>& servers, std::function<void(const std::string&)> on_set) {
    on_set_ = std::move(on_set);
    if (sntp_ || known() || hal_.net == nullptr) return;
    net::sntp::SntpOptions opt;
    opt.floor_unix_ms = floor_ms_;
    sntp_ = std::make_unique<net::sntp::SntpClient>(loop_, *hal_.net, *hal_.rng, servers, opt,
                                                    [this](const net::sntp::SntpSync& s) {
                                                        if (on_set_) on_set_("sntp " + s.server);
                                                    });
    sntp_->start();
}

void WallTime::retry_now() {
    if (sntp_ && !sntp_->synced() && !sntp_->gave_up()) sntp_->start();
}

std::string WallTime::source() const {
    if (sntp_ && sntp_->synced()) return "sntp " + sntp_->source();
    if (set_at_start_) return "rtc";
    return "none";
}

}  // namespace fw::app
