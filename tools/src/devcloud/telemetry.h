#pragma once
// Telemetry as each platform profile publishes it, recognised from its topic and recorded one
// JSON line per message.
#include <cstdint>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace devcloud {

// devices/+/telemetry, v1/devices/me/telemetry, +/+/writeattributevalue/+/+,
// +/+/writeattribute/+/+, s/us.
std::vector<std::string> telemetry_filters();

struct TelemetryEvent {
    std::string device;   // "" when the topic does not say (ThingsBoard "me", Cumulocity s/us)
    std::string profile;  // generic|thingsboard|openremote|cumulocity
    std::string topic, payload;
};

// The event for a message on one of the telemetry topics; nullopt for any other topic.
std::optional<TelemetryEvent> classify_telemetry(const std::string& topic, const std::string& payload);

// Appends {"ts":<ms>,"device":"..","profile":"..","topic":"..","payload":<JSON or text>} lines,
// flushed one by one so that a reader sees each message as it arrives.
class TelemetryLog {
public:
    explicit TelemetryLog(const std::string& path);  // throws std::runtime_error naming the file

    // Writes the line; returns the console line "telemetry <device> <topic> <payload>".
    std::string record(const TelemetryEvent& e, int64_t ts_ms);

private:
    std::string path_;
    std::ofstream out_;
};

// The JSON line record() writes (without the newline).
std::string telemetry_line(const TelemetryEvent& e, int64_t ts_ms);

}  // namespace devcloud
