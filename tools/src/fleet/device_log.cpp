#include "device_log.h"

namespace fleet {

namespace {

// A line longer than this is not one the fleet reads: it is dropped, so a device writing without
// newlines cannot grow the supervisor's memory.
constexpr size_t kMaxLine = 4096;

bool take(std::string_view& s, std::string_view prefix) {
    if (s.substr(0, prefix.size()) != prefix) return false;
    s.remove_prefix(prefix.size());
    return true;
}

// A state name: lowercase letters and '-', as device.cpp's state_name() spells them.
bool state_name(std::string_view s) {
    if (s.empty() || s.size() > 32) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || c == '-')) return false;
    return true;
}

}  // namespace

bool parse_transition(std::string_view line, Transition& out) {
    if (line.size() < 2 || line.find_first_of("EWIDV") != 0) return false;
    std::string_view s = line.substr(1);
    if (!take(s, " (")) return false;
    uint64_t ms = 0;
    size_t digits = 0;
    while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9') {
        if (digits == 15) return false;  // beyond any uptime in ms
        ms = ms * 10 + static_cast<uint64_t>(s[digits] - '0');
        ++digits;
    }
    if (digits == 0) return false;
    s.remove_prefix(digits);
    if (!take(s, ") device: state ")) return false;
    size_t arrow = s.find(" -> ");
    if (arrow == std::string_view::npos) return false;
    std::string_view from = s.substr(0, arrow);
    s.remove_prefix(arrow + 4);
    size_t colon = s.find(": ");
    std::string_view to = s.substr(0, colon);
    if (!state_name(from) || !state_name(to)) return false;
    out.ms = ms;
    out.from = from;
    out.to = to;
    out.reason = colon == std::string_view::npos ? std::string_view() : s.substr(colon + 2);
    return true;
}

void DeviceLog::feed(const char* data, size_t n, std::vector<Transition>& out) {
    for (size_t i = 0; i < n; ++i) {
        char c = data[i];
        if (c != '\n') {
            if (partial_.size() <= kMaxLine) partial_.push_back(c);
            continue;
        }
        if (partial_.size() <= kMaxLine && !partial_.empty()) {
            Transition t;
            if (parse_transition(partial_, t)) out.push_back(std::move(t));
            last_line_ = partial_;
        }
        partial_.clear();
    }
}

}  // namespace fleet
