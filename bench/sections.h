#pragma once
// The bench's sections; each measures, then adds its tables and JSON figures to the report.
#include "bench_common.h"
#include "report.h"

#include <string>

namespace bench {

struct Options {
    int connections = 40;  // handshake samples per row
    // Message counts are divided by this (--quick: 10).
    size_t scale_down = 1;
};

// Heap of the firmware client while it configures, connects and publishes. Must run before any
// paho-mqtt-c client exists: the counting allocator sees the whole process.
void memory_section(Report& r, const Target& t, const Identity& ec, testsupport::Pki& pki, const Options& o);
// `nagle`: the same broker with Nagle's algorithm on (mosquitto's default), for one connect row.
void handshake_section(Report& r, const Target& t, const Target& nagle, const Identity& ec, const Identity& rsa,
                       const Options& o);
void throughput_section(Report& r, const Target& t, const Identity& ec, const Options& o);
// The device's own key, CSR and sealing at first boot, next to OpenSSL; their heap.
void identity_section(Report& r, const Options& o);
// Boot to first telemetry: the times bench/boot_to_telemetry.sh measured (none: no table).
void boot_section(Report& r, const std::vector<double>& ms);
// The goals as ratios of what the sections above measured, with pass or miss. Last.
void goals_section(Report& r);
// Throughput by payload size (firmware, paho-mqtt-c, ceiling) as a PNG drawn by gnuplot; false
// (and a line on stderr) when it cannot be drawn.
bool throughput_chart(const Report& r, const std::string& png);

}  // namespace bench
