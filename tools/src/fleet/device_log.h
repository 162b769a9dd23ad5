#pragma once
// The fleet reads few lines of a device's log (its UART0 and the chip's own messages), so that the
// log can change around them: the state machine's transitions, "I (392) device: state connecting
// -> online: MQTT connected", whose stamp is the app's clock in ms since it started. Everything
// else is skipped. Lines arrive in pieces as the device writes them.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fleet {

struct Transition {
    uint64_t ms = 0;  // the app's clock (restarts with each boot)
    std::string from, to, reason;
};

// One transition line; false for any other line, and for a malformed one.
bool parse_transition(std::string_view line, Transition& out);

class DeviceLog {
public:
    // The lines completed by `data` are parsed; transitions are appended to `out`.
    void feed(const char* data, size_t n, std::vector<Transition>& out);
    // The last complete non-empty line (what a device that stopped said last).
    const std::string& last_line() const { return last_line_; }

private:
    std::string partial_;
    std::string last_line_;
};

}  // namespace fleet
