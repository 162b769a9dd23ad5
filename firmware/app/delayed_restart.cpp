#include "firmware/app/delayed_restart.h"

#include "firmware/core/log.h"

namespace fw::app {
namespace {

constexpr const char* kTag = "device";

}  // namespace

DelayedRestart::DelayedRestart(const hal::Hal& hal, EventLoop& loop, std::function<void()> before)
    : hal_(hal), loop_(loop), before_(std::move(before)) {}

DelayedRestart::~DelayedRestart() { loop_.cancel(timer_); }

void DelayedRestart::request(const char* why) {
    FW_LOGI(kTag, "restarting in %u ms: %s", static_cast<unsigned>(kDelayMs), why);
    loop_.cancel(timer_);
    timer_ = loop_.add_timer(kDelayMs, [this] {
        timer_ = EventLoop::kNoTimer;
        before_();
        hal_.system->restart();
    });
}

}  // namespace fw::app
