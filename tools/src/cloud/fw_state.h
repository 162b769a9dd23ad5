#pragma once
// The device's firmware-update progress as ThingsBoard's fw_state telemetry reports it.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cloud {

// Where a ThingsBoard device publishes its telemetry, fw_state included.
constexpr const char* kFwTelemetryTopic = "v1/devices/me/telemetry";

// DOWNLOADING, DOWNLOADED, VERIFIED, UPDATING, UPDATED or FAILED.
bool is_fw_state(std::string_view s);

struct FwReport {
    std::optional<std::string> state;    // fw_state
    std::string error;                   // fw_error, with FAILED
    std::optional<std::string> running;  // current_fw_title + " " + current_fw_version
};

// Reads a telemetry payload in either of ThingsBoard's forms, {"k":v} or {"ts":ms,"values":{..}}.
// Payloads that are not JSON objects give an empty report.
FwReport parse_fw_report(std::string_view payload);

// The console lines for a report: "device runs <title> <version>", "fw_state <STATE>" or
// "fw_state FAILED: <fw_error>". None for telemetry that says nothing about firmware.
std::vector<std::string> describe(const FwReport& report);

}  // namespace cloud
