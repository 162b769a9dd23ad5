#include "firmware/app/platform/command.h"

#include <nlohmann/json.hpp>

#include <cmath>

#include "firmware/core/decimal.h"
#include "firmware/core/enum_names.h"
#include "firmware/core/result.h"

namespace fw::app {
namespace {

constexpr EnumName<CommandName> kNames[] = {
    {CommandName::Reboot, "reboot"},
    {CommandName::SetInterval, "set_interval"},
    {CommandName::GetStatus, "get_status"},
    {CommandName::FactoryReset, "factory_reset"},
    {CommandName::Ota, "ota"},
    {CommandName::SetConfig, "set_config"},
};

// Seconds from 30, 30.0, "30" or {"seconds":30}; false when it is not a whole number >= 0.
bool read_seconds(const Json& p, uint64_t& out) {
    if (p.is_object()) {
        auto it = p.find("seconds");
        return it != p.end() && !it->is_object() && read_seconds(*it, out);
    }
    if (p.is_number_integer()) {  // signed when built in code from an int, unsigned when parsed
        if (p.get<int64_t>() < 0 && !p.is_number_unsigned()) return false;
        out = p.get<uint64_t>();
        return true;
    }
    if (p.is_number_float()) {
        double d = p.get<double>();
        if (!(d >= 0.0 && d < 1e12 && std::floor(d) == d)) return false;
        out = static_cast<uint64_t>(d);
        return true;
    }
    if (p.is_string()) return parse_decimal(p.get_ref<const std::string&>(), 12, out);
    return false;
}

// A parameter check's outcome: the value, or the reason the command is answered with.
template <class T>
using Checked = Result<T, Error<Err>>;

Error<Err> invalid(std::string reason) { return Error<Err>(Err::InvalidArg, std::move(reason)); }

Checked<uint32_t> check_interval(const Json& params) {
    uint64_t s = 0;
    if (!read_seconds(params, s)) return invalid("set_interval: expected a whole number of seconds");
    if (s < kMinIntervalS || s > kMaxIntervalS)
        return invalid("set_interval: " + std::to_string(s) + " s is outside " + std::to_string(kMinIntervalS) + ".." +
                       std::to_string(kMaxIntervalS));
    return static_cast<uint32_t>(s);
}

Checked<OtaRequest> check_ota(const Json& params) {
    if (!params.is_object()) return invalid("ota: expected {\"url\":..,\"version\":..}");
    const std::string* url = string_member(params, "url");
    const std::string* version = string_member(params, "version");
    if (url == nullptr || url->rfind("https://", 0) != 0 || url->size() <= 8)
        return invalid("ota: \"url\" must be an https:// URL");
    if (version == nullptr || version->empty()) return invalid("ota: \"version\" is required");
    OtaRequest ota;
    ota.url = *url;
    ota.version = *version;
    const std::string* name = string_member(params, "name");
    ota.name = name != nullptr ? *name : "";
    return ota;
}

// Keeps a checked value in `field` of `c`, or the reason in its error.
template <class T>
void take(Checked<T> checked, T Command::*field, Command& c) {
    if (checked.ok())
        c.*field = std::move(checked).value();
    else
        c.error = checked.err().reason;
}

}  // namespace

const char* name_of(CommandName n) { return name_in(kNames, n, "unknown"); }

CommandName command_name_from(std::string_view text) {
    for (const auto& e : kNames)
        if (text == e.name) return e.value;
    return CommandName::Unknown;
}

Command make_command(std::string_view name_text, Json params) {
    Command c;
    c.name = command_name_from(name_text);
    c.name_text = std::string(name_text);
    c.params = std::move(params);
    switch (c.name) {
        case CommandName::SetInterval: take(check_interval(*c.params), &Command::interval_s, c); break;
        case CommandName::Ota: take(check_ota(*c.params), &Command::ota, c); break;
        case CommandName::SetConfig:
            if (!c.params->is_object() || c.params->empty()) c.error = "set_config: expected {\"key\":value,...}";
            break;
        case CommandName::Unknown:
            c.error = name_text.empty() ? "missing command name" : "unknown command: " + c.name_text;
            break;
        case CommandName::Reboot:
        case CommandName::GetStatus:
        case CommandName::FactoryReset: break;
    }
    return c;
}

Command malformed_command(std::string error) {
    Command c;
    c.error = std::move(error);
    return c;
}

CommandResult CommandResult::success() { return CommandResult{}; }

CommandResult CommandResult::success(Json result) {
    CommandResult r;
    r.result = std::move(result);
    return r;
}

CommandResult CommandResult::failure(std::string error) {
    CommandResult r;
    r.ok = false;
    r.error = std::move(error);
    return r;
}

CommandResult CommandResult::later() {
    CommandResult r;
    r.deferred = true;
    return r;
}

Json status_json(const DeviceStatus& s) {
    Json j;
    j["uptime_s"] = s.uptime_s;
    j["firmware"] = s.firmware_version;
    j["free_heap"] = s.free_heap;
    j["min_free_heap"] = s.min_free_heap;
    j["firmware_heap"] = s.firmware_heap;
    j["firmware_heap_peak"] = s.firmware_heap_peak;
    j["rssi_dbm"] = s.rssi_dbm;
    j["dropped_messages"] = s.dropped_messages;
    j["sensor_errors"] = s.sensor_errors;
    j["interval_s"] = s.interval_s;
    j["time_source"] = s.time_source;
    j["tls_version"] = s.tls_version;
    return j;
}

CommandResult status_result(const DeviceStatus& s) { return CommandResult::success(status_json(s)); }

Command parse_json_command(const Json& env) {
    if (!env.is_object()) return malformed_command("command must be a JSON object");
    auto id = env.find("id");
    if (id != env.end() && !id->is_string()) return malformed_command("\"id\" must be a string");
    if (id == env.end() || id->get_ref<const std::string&>().empty())
        return malformed_command("missing \"id\" string: every command needs an id of its own");
    auto name = env.find("cmd");
    Command c;
    if (name == env.end() || !name->is_string()) {
        c = malformed_command("missing \"cmd\" string");
    } else {
        auto params = env.find("params");
        c = make_command(name->get_ref<const std::string&>(), params == env.end() ? Json() : *params);
    }
    c.id = id->get<std::string>();
    return c;
}

Json json_answer(const Command& cmd, const CommandResult& r) {
    Json j;
    j["id"] = cmd.id.empty() ? Json() : Json(cmd.id);
    j["ok"] = r.ok;
    if (!r.ok)
        j["error"] = r.error;
    else if (!r.result->is_null())
        j["result"] = *r.result;
    return j;
}

}  // namespace fw::app
