// The goals as measured ratios of this run, each with pass or miss.
#include <cstdio>
#include <string>

#include "sections.h"

namespace bench {
namespace {

struct Goal {
    std::string what;
    double measured = 0;
    std::string shown;   // the measured value as printed
    std::string target;  // as printed
    bool pass = false;
    bool measured_ok = true;
};

double num(const nlohmann::ordered_json& j, const char* a, const char* b) {
    if (!j.contains(a) || !j[a].contains(b) || !j[a][b].is_number()) return 0;
    return j[a][b].get<double>();
}

Goal at_most(std::string what, double v, double limit, const std::string& unit, int decimals = 2) {
    return {std::move(what), v, fixed(v, decimals) + unit, "<= " + fixed(limit, decimals) + unit, v > 0 && v <= limit};
}
Goal at_least(std::string what, double v, double limit, const std::string& unit, int decimals = 2) {
    return {std::move(what), v, fixed(v, decimals) + unit, ">= " + fixed(limit, decimals) + unit, v >= limit};
}

}  // namespace

void goals_section(Report& r) {
    const auto& j = r.json();
    std::vector<Goal> goals;
    auto median = [&](const char* key) {
        const auto& h = j["handshake"];
        return h.contains(key) ? h[key]["median_ms"].get<double>() : 0.0;
    };
    goals.push_back(at_most("full TLS handshake / plain mbedtls loop (EC, medians)",
                            median("fw_tls_full_ec") / median("plain_tls_full_ec"), 1.1, "x"));
    goals.push_back(at_most("resumed / full TLS 1.3 handshake (firmware, medians)",
                            median("fw_tls_resumed_ec") / median("fw_tls_full_ec"), 0.1, "x"));
    goals.push_back(at_most("resumed / full TLS 1.2 handshake (firmware, medians)",
                            median("fw_tls12_resumed_ec") / median("fw_tls12_full_ec"), 0.1, "x"));
    goals.push_back(at_least("MQTT connect-to-CONNACK: paho-mqtt-c / firmware (EC, medians)",
                             median("paho_mqtt_full_ec") / median("fw_mqtt_full_ec"), 10, "x"));
    double worst_vs_paho = -1;
    std::string worst_case;
    for (const auto& row : j["throughput"]) {
        const int qos = row["qos"].get<int>();
        const auto payload = row["payload_bytes"].get<size_t>();
        const double fw = row["firmware_msgs_per_s"].get<double>(), paho = row["paho_msgs_per_s"].get<double>();
        const std::string at = "QoS " + std::to_string(qos) + ", " + std::to_string(payload) + " B";
        if (qos == 0) {
            const double ceil = row["ceiling_msgs_per_s"].get<double>();
            goals.push_back(at_least("firmware / broker ceiling, " + at, ceil > 0 ? fw / ceil : 0, 0.8, "x"));
        }
        if (qos == 1)
            goals.push_back(
                at_least("firmware / paho-mqtt-c, " + at + " (16 in flight)", paho > 0 ? fw / paho : 0, 2, "x"));
        const double vs = paho > 0 ? fw / paho : 0;
        if (worst_vs_paho < 0 || vs < worst_vs_paho) {
            worst_vs_paho = vs;
            worst_case = at;
        }
    }
    goals.push_back(
        at_least("never below paho-mqtt-c: lowest firmware / paho (" + worst_case + ")", worst_vs_paho, 1, "x"));
    const double timeouts = j["handshake"].value("fw_idle_timeouts", 0.0) + j.value("throughput_fw_idle_timeouts", 0.0);
    goals.push_back({"loop sleeps that ran out (1 s idle wait) during connects and publishing", timeouts,
                     fixed(timeouts, 0), "0", timeouts == 0});
    const auto& mem = j["memory"];
    const double connect_peak = num(mem, "peak_bytes", "handshake");
    goals.push_back(at_most("heap peak while connecting (KiB)", connect_peak / 1024, 48, " KiB", 1));
    const double online = num(mem, "peak_bytes", "online") - mem.value("online_outbox_peak_bytes", 0.0);
    goals.push_back(
        at_most("heap online steady, QoS 1 telemetry, less the outbox's bytes (KiB)", online / 1024, 24, " KiB", 1));
    if (j.contains("boot")) {
        const double boot = j["boot"]["median_ms"].get<double>();
        goals.push_back(
            {"boot to first telemetry at the platform (median)", boot, fixed(boot, 0) + " ms", "-", true, true});
    } else {
        goals.push_back({"boot to first telemetry at the platform", 0, "not measured", "-", false, false});
    }

    Table tab;
    tab.title = "Goals (issue #18), measured in this run";
    tab.columns = {"goal", "measured", "target", "result"};
    auto& js = r.json()["goals"];
    for (const auto& g : goals) {
        const char* result = !g.measured_ok ? "not measured" : g.target == "-" ? "reported" : g.pass ? "pass" : "MISS";
        tab.rows.push_back({g.what, g.shown, g.target, result});
        js.push_back({{"goal", g.what}, {"measured", g.measured}, {"target", g.target}, {"result", result}});
        std::fprintf(stderr, "bench: goal %-80s %12s %10s %s\n", g.what.c_str(), g.shown.c_str(), g.target.c_str(),
                     result);
    }
    tab.note =
        "Ratios of medians (handshakes) and of messages per second (throughput) from the tables below, all "
        "from this run against the same broker. Heap from the firmware heap table (peaks above the heap "
        "before the client existed).";
    r.add(std::move(tab));
}

}  // namespace bench
