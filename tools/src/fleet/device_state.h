#pragma once
// One device as the fleet follows it: its phase (for the live counts) and what its own log says
// about its timing, from the state transitions alone. Device times are the app's clock (ms), so
// each figure is an interval within one boot; `now` arguments are the supervisor's clock (ms),
// when it read the line.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "device_log.h"

namespace fleet {

enum class Phase { Starting, Booting, Enrolling, Connecting, Online, Reconnecting, Failed };
const char* phase_name(Phase p);

struct Reconnect {
    uint64_t lost_at = 0;     // supervisor clock when the loss was read
    uint64_t back_at = 0;     // ... and when "-> online" was; 0 while still away
    uint64_t offline_ms = 0;  // device clock from leaving online to online again
};

class DeviceState {
public:
    void apply(const Transition& t, uint64_t now);
    // The process ended, or the chip halted: failed for good.
    void fail(std::string reason);

    Phase phase() const;
    const std::string& state() const { return state_; }
    const std::string& reason() const { return reason_; }
    bool online() const { return state_ == "online" && !failed_; }
    // Online again after a loss that was read at or after `since`.
    bool back_since(uint64_t since) const;

    std::optional<uint64_t> boot_to_online_ms;  // app start to the first online
    std::optional<uint64_t> enroll_ms;          // the first enrollment, start to certificate stored
    std::optional<uint64_t> connect_ms;         // the first "-> connecting" to "-> online"
    uint64_t first_online_at = 0;               // supervisor clock; 0: never online
    std::vector<Reconnect> reconnects;

private:
    std::string state_;
    std::string reason_;
    bool failed_ = false;
    std::optional<uint64_t> enrolling_since_, connecting_since_, lost_since_;
};

}  // namespace fleet
