#pragma once
// What every harness shares: a log that formats each line (at Verbose, so formatting is fuzzed
// too) and drops it, and the check that turns a broken invariant into a crash libFuzzer reports.
#include <string>

#include "fake_hal/fake_hal.h"
#include "firmware/core/log.h"

namespace fuzz {

class NullLog : public hal::Log {
public:
    void write_line(const char*, size_t) override {}
    bool read_line(std::string&) override { return false; }
};

// Once per process: the firmware's log goes to a NullLog.
inline void init_log() {
    static fake::ManualClock clock;
    static NullLog sink;
    static const bool done = [] {
        fw::log::init(sink, clock);
        fw::log::set_level(fw::log::Level::Verbose);
        return true;
    }();
    (void)done;
}

inline void check(bool ok) {
    if (!ok) __builtin_trap();
}

}  // namespace fuzz
