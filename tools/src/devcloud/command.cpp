#include "tools/src/devcloud/command.h"

#include <nlohmann/json.hpp>

#include "firmware/app/platform/smartrest_csv.h"
#include "firmware/core/decimal.h"
#include "tools/src/devcloud/json_fields.h"

namespace devcloud {
namespace {

using nlohmann::json;
namespace csv = fw::app::csv;

constexpr const char* kC8yOperations = "s/ds";
constexpr const char* kC8yUp = "s/us";
constexpr const char* kC8yShell = "c8y_Command";
constexpr const char* kTbRequest = "v1/devices/me/rpc/request/";
constexpr const char* kTbResponse = "v1/devices/me/rpc/response/";

std::string word(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// A 511 command text: the name, then the parameters as the device's shell syntax wants them.
std::string shell_text(const std::string& name, const json& params) {
    std::string text = name;
    if (params.is_array()) {
        for (const auto& v : params) text += " " + word(v);
    } else if (params.is_object()) {
        for (const auto& [k, v] : params.items()) text += " " + k + "=" + word(v);
    } else if (!params.is_null()) {
        text += " " + word(params);
    }
    return text;
}

// {"id":..,"cmd":..[,"params":..]}: the generic and OpenRemote envelope.
std::string json_command(const CommandSpec& spec, const json& params, const std::string& correlation) {
    json j = {{"id", correlation}, {"cmd", spec.name}};
    if (!params.is_null()) j["params"] = params;
    return j.dump();
}

std::optional<CommandAnswer> json_answer(const std::string& payload, const char* ok_field, const std::string* id) {
    auto j = json_object(payload);
    if (!j) return id != nullptr ? std::nullopt : std::optional<CommandAnswer>(CommandAnswer{false, payload});
    if (id != nullptr) {
        const std::string* got = string_field(*j, "id");
        if (got == nullptr || *got != *id) return std::nullopt;
    }
    auto ok = j->find(ok_field);
    return CommandAnswer{ok != j->end() && *ok == true, payload};
}

std::optional<CommandAnswer> c8y_answer(const std::string& payload) {
    auto rows = csv::parse_rows(payload);
    if (!rows) return std::nullopt;
    for (const auto& row : *rows) {
        if (row.size() < 2 || row[1] != kC8yShell || (row[0] != "502" && row[0] != "503")) continue;
        return CommandAnswer{row[0] == "503", csv::make_row(row)};
    }
    return std::nullopt;
}

}  // namespace

std::optional<CommandProfile> command_profile(std::string_view name) {
    if (name == "generic") return CommandProfile::Generic;
    if (name == "thingsboard") return CommandProfile::ThingsBoard;
    if (name == "openremote") return CommandProfile::OpenRemote;
    if (name == "cumulocity") return CommandProfile::Cumulocity;
    return std::nullopt;
}

std::variant<OutgoingCommand, std::string> build_command(const CommandSpec& spec, const std::string& correlation,
                                                         const Registry& registry) {
    OutgoingCommand c;
    json params;  // null: none
    if (!spec.params.empty()) {
        params = json::parse(spec.params, nullptr, false);
        if (params.is_discarded()) return "params are not JSON: " + spec.params;
    }
    c.profile = spec.profile;
    c.correlation = correlation;
    switch (spec.profile) {
        case CommandProfile::Generic:
            c.request = {"devices/" + spec.device + "/cmd", json_command(spec, params, correlation)};
            c.answer_topic = "devices/" + spec.device + "/cmd/response";
            break;
        case CommandProfile::ThingsBoard: {
            uint64_t n = 0;
            if (!fw::parse_decimal(correlation, 9, n))
                return "a ThingsBoard RPC id must be a number, not '" + correlation + "'";
            json j = {{"method", spec.name}};
            if (!params.is_null()) j["params"] = params;
            c.request = {kTbRequest + correlation, j.dump()};
            c.answer_topic = kTbResponse + correlation;
            break;
        }
        case CommandProfile::OpenRemote: {
            const DeviceRecord* r = registry.find(spec.device);
            if (r == nullptr || r->asset_id.empty())
                return "device '" + spec.device + "' has no OpenRemote asset in " +
                       (registry.path().empty() ? std::string("the registry") : registry.path()) +
                       " (it registers when it provisions through devcloud serve)";
            std::string base = r->realm + "/" + spec.device;
            c.request = {base + "/attributevalue/command/" + r->asset_id, json_command(spec, params, correlation)};
            c.answer_topic = base + "/writeattributevalue/commandResponse/" + r->asset_id;
            break;
        }
        case CommandProfile::Cumulocity:
            c.request = {kC8yOperations, csv::make_row({"511", spec.device, shell_text(spec.name, params)})};
            c.answer_topic = kC8yUp;
            break;
    }
    return c;
}

std::optional<CommandAnswer> match_answer(const OutgoingCommand& cmd, const std::string& topic,
                                          const std::string& payload) {
    if (topic != cmd.answer_topic) return std::nullopt;
    switch (cmd.profile) {
        case CommandProfile::Generic:
        case CommandProfile::OpenRemote: return json_answer(payload, "ok", &cmd.correlation);
        case CommandProfile::ThingsBoard: return json_answer(payload, "success", nullptr);
        case CommandProfile::Cumulocity: return c8y_answer(payload);
    }
    return std::nullopt;
}

}  // namespace devcloud
