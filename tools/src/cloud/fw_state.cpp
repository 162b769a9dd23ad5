#include "tools/src/cloud/fw_state.h"

#include <array>
#include <nlohmann/json.hpp>

namespace cloud {

bool is_fw_state(std::string_view s) {
    static constexpr std::array<std::string_view, 6> kStates = {"DOWNLOADING", "DOWNLOADED", "VERIFIED",
                                                                "UPDATING",    "UPDATED",    "FAILED"};
    for (auto k : kStates)
        if (s == k) return true;
    return false;
}

FwReport parse_fw_report(std::string_view payload) {
    FwReport r;
    auto j = nlohmann::json::parse(payload, nullptr, false);
    if (!j.is_object()) return r;
    const auto& v = j.contains("values") && j["values"].is_object() ? j["values"] : j;
    auto text = [&v](const char* key) -> std::optional<std::string> {
        if (v.contains(key) && v[key].is_string()) return v[key].get<std::string>();
        return std::nullopt;
    };
    r.state = text("fw_state");
    r.error = text("fw_error").value_or("");
    auto version = text("current_fw_version");
    if (version) r.running = text("current_fw_title").value_or("?") + " " + *version;
    return r;
}

std::vector<std::string> describe(const FwReport& report) {
    std::vector<std::string> lines;
    if (report.running) lines.push_back("device runs " + *report.running);
    if (report.state && *report.state == "FAILED")
        lines.push_back("fw_state FAILED: " + (report.error.empty() ? std::string("(no fw_error)") : report.error));
    else if (report.state)
        lines.push_back("fw_state " + *report.state);
    return lines;
}

}  // namespace cloud
