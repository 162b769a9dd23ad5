#include "device_state.h"

namespace fleet {

namespace {
// b - a, or 0 if the clock went back (a line from before a reboot the log did not show).
uint64_t span(uint64_t a, uint64_t b) { return b >= a ? b - a : 0; }
}  // namespace

const char* phase_name(Phase p) {
    switch (p) {
        case Phase::Starting: return "starting";
        case Phase::Booting: return "booting";
        case Phase::Enrolling: return "enrolling";
        case Phase::Connecting: return "connecting";
        case Phase::Online: return "online";
        case Phase::Reconnecting: return "reconnecting";
        case Phase::Failed: return "failed";
    }
    return "?";
}

void DeviceState::apply(const Transition& t, uint64_t now) {
    if (t.from == "boot") {  // a new boot: the app's clock started again
        enrolling_since_.reset();
        connecting_since_.reset();
        lost_since_.reset();
    }
    if (t.to == "enrolling" && t.from != "enrolling") enrolling_since_ = t.ms;
    if (t.from == "enrolling" && t.to != "enrolling" && t.to != "needs-certificate" && !enroll_ms && enrolling_since_)
        enroll_ms = span(*enrolling_since_, t.ms);
    if (t.to == "connecting" && t.from != "connecting" && !connecting_since_) connecting_since_ = t.ms;
    if (t.from == "online" && t.to != "online") {
        lost_since_ = t.ms;
        reconnects.push_back({now, 0, 0});
    }
    if (t.to == "online") {
        if (!boot_to_online_ms) {
            boot_to_online_ms = t.ms;
            if (connecting_since_) connect_ms = span(*connecting_since_, t.ms);
            first_online_at = now;
        } else if (lost_since_ && !reconnects.empty() && reconnects.back().back_at == 0) {
            reconnects.back().back_at = now;
            reconnects.back().offline_ms = span(*lost_since_, t.ms);
        }
        lost_since_.reset();
    }
    state_ = t.to;
    reason_ = t.reason;
}

void DeviceState::fail(std::string reason) {
    failed_ = true;
    reason_ = std::move(reason);
}

Phase DeviceState::phase() const {
    if (failed_ || state_ == "needs-certificate") return Phase::Failed;
    if (state_.empty()) return Phase::Starting;
    if (state_ == "online") return Phase::Online;
    if (first_online_at != 0) return Phase::Reconnecting;
    if (state_ == "enrolling") return Phase::Enrolling;
    if (state_ == "connecting") return Phase::Connecting;
    return Phase::Booting;
}

bool DeviceState::back_since(uint64_t since) const {
    for (const auto& r : reconnects)
        if (r.lost_at >= since && r.back_at != 0) return true;
    return false;
}

}  // namespace fleet
