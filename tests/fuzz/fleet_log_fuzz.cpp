// tools/fleet reads every device's log: whatever a device writes (a line of any length, any
// bytes, a transition with odd fields), the reader and the state it feeds must not crash.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "tools/src/fleet/device_log.h"
#include "tools/src/fleet/device_state.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    fleet::DeviceLog log;
    fleet::DeviceState state;
    std::vector<fleet::Transition> out;
    // Two pieces, as a log is read while it is written.
    size_t half = size / 2;
    log.feed(reinterpret_cast<const char*>(data), half, out);
    log.feed(reinterpret_cast<const char*>(data) + half, size - half, out);
    uint64_t now = 0;
    for (const auto& t : out) state.apply(t, now += 100);
    (void)state.phase();
    (void)state.back_since(0);
    return 0;
}
