#pragma once
// What both clients' benches share: the broker to reach, a device identity, sample statistics and
// throughput figures.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "support/pki.h"

namespace bench {

struct Target {
    std::string host;
    uint16_t port = 0;
    std::string server_name;  // in the broker's certificate
};

// A device of the bench PKI, as PEM text (firmware) and as files (paho-mqtt-c).
struct Identity {
    std::string id;  // certificate CN = MQTT user name; its topics are devices/<id>/...
    testsupport::DevicePem pem;
    std::string ca_file, chain_file, key_file;
    std::string topic() const { return "devices/" + id + "/bench"; }
};

// Microseconds per operation over N runs.
struct Samples {
    std::vector<double> us;
    double median() const { return quantile(0.5); }
    double p90() const { return quantile(0.9); }
    double quantile(double q) const;
};

struct Throughput {
    size_t messages = 0;       // counted only once acknowledged (or confirmed by the marker)
    size_t payload_bytes = 0;  // per message
    double seconds = 0;
    double msgs_per_s() const { return seconds > 0 ? static_cast<double>(messages) / seconds : 0; }
    double mb_per_s() const { return msgs_per_s() * static_cast<double>(payload_bytes) / 1e6; }
};

// Prints the reason, runs the cleanup given to on_die() (the broker must not outlive the bench)
// and exits: a bench that cannot measure something has nothing to report.
[[noreturn]] void die(const std::string& why);
void on_die(std::function<void()> cleanup);

}  // namespace bench
