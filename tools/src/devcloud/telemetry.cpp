#include "tools/src/devcloud/telemetry.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "tools/src/cloud/fw_state.h"
#include "tools/src/cloud/printable.h"

namespace devcloud {
namespace {

std::vector<std::string> levels(const std::string& topic) {
    std::vector<std::string> out(1);
    for (char c : topic) {
        if (c == '/')
            out.emplace_back();
        else
            out.back() += c;
    }
    return out;
}

}  // namespace

std::vector<std::string> telemetry_filters() {
    return {"devices/+/telemetry", cloud::kFwTelemetryTopic, "+/+/writeattributevalue/+/+", "+/+/writeattribute/+/+",
            "s/us"};
}

std::optional<TelemetryEvent> classify_telemetry(const std::string& topic, const std::string& payload) {
    if (topic == cloud::kFwTelemetryTopic) return TelemetryEvent{"", "thingsboard", topic, payload};
    if (topic == "s/us") return TelemetryEvent{"", "cumulocity", topic, payload};
    auto l = levels(topic);
    if (l.size() == 3 && l[0] == "devices" && !l[1].empty() && l[2] == "telemetry")
        return TelemetryEvent{l[1], "generic", topic, payload};
    // {realm}/{clientId}/writeattributevalue|writeattribute/{attribute}/{assetId}
    bool all_named = l.size() == 5 && !l[0].empty() && !l[1].empty() && !l[3].empty() && !l[4].empty();
    if (all_named && (l[2] == "writeattributevalue" || l[2] == "writeattribute"))
        return TelemetryEvent{l[1], "openremote", topic, payload};
    return std::nullopt;
}

std::string telemetry_line(const TelemetryEvent& e, int64_t ts_ms) {
    // ordered_json: the fields stay in the documented order, and so do a JSON payload's.
    nlohmann::ordered_json body = nlohmann::ordered_json::parse(e.payload, nullptr, false);
    nlohmann::ordered_json j;
    j["ts"] = ts_ms;
    j["device"] = e.device;
    j["profile"] = e.profile;
    j["topic"] = e.topic;
    j["payload"] = body.is_discarded() ? nlohmann::ordered_json(e.payload) : body;
    // Invalid UTF-8 in a text payload is replaced rather than refused: the line is still written.
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

TelemetryLog::TelemetryLog(const std::string& path) : path_(path), out_(path, std::ios::app) {
    if (!out_) throw std::runtime_error("cannot open the telemetry log " + path + " for appending");
}

std::string TelemetryLog::record(const TelemetryEvent& e, int64_t ts_ms) {
    out_ << telemetry_line(e, ts_ms) << '\n';
    out_.flush();
    if (!out_) {
        out_.clear();  // the next message tries again (the disk may have room by then)
        throw std::runtime_error("cannot write the telemetry log " + path_);
    }
    return "telemetry " + (e.device.empty() ? std::string("-") : cloud::printable(e.device, 64)) + " " +
           cloud::printable(e.topic, 200) + " " + cloud::printable(e.payload, 200);
}

}  // namespace devcloud
