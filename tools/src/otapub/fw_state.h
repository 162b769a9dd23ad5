#pragma once
// The device's firmware-update progress as ThingsBoard's fw_state telemetry reports it.
#include <optional>
#include <string>
#include <string_view>

namespace otapub {

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

}  // namespace otapub
