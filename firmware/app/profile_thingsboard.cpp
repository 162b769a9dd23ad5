#include "firmware/app/profile_thingsboard.h"

namespace fw::app {
namespace {

constexpr const char* kTelemetry = "v1/devices/me/telemetry";
constexpr const char* kAttributes = "v1/devices/me/attributes";
constexpr std::string_view kRpcRequest = "v1/devices/me/rpc/request/";
constexpr const char* kRpcResponse = "v1/devices/me/rpc/response/";
// How an answer travels back: an RPC reply, or client attributes for a shared-attribute change.
constexpr const char* kViaRpc = "rpc";
constexpr const char* kViaAttributes = "attributes";

struct Method {
    const char* rpc;
    CommandName name;
};
constexpr Method kMethods[] = {
    {"reboot", CommandName::Reboot},
    {"setInterval", CommandName::SetInterval},
    {"getStatus", CommandName::GetStatus},
    {"factoryReset", CommandName::FactoryReset},
    {"setConfig", CommandName::SetConfig},
};

}  // namespace

ThingsBoardProfile::ThingsBoardProfile(const DeviceConfig& cfg, size_t max_payload)
    : Profile(max_payload), device_id_(cfg.device_id), units_(cfg.units) {}

ConnectOptions ThingsBoardProfile::connect_options() const {
    ConnectOptions o;
    o.client_id = device_id_;
    o.will = Publish{kAttributes, R"({"status":"offline"})", 1, false};
    return o;
}

std::vector<Subscription> ThingsBoardProfile::subscriptions() const {
    return {{std::string(kRpcRequest) + "+", 1}, {kAttributes, 1}};
}

std::vector<Publish> ThingsBoardProfile::startup_messages(const SessionInfo& info) const {
    Json j;
    j["status"] = "online";
    j["firmwareVersion"] = info.firmware_version;
    j["model"] = info.model;
    j[kIntervalAttribute] = info.interval_s;
    return {{kAttributes, json_text(j)}};
}

std::string ThingsBoardProfile::reading_text(const TimedReading& r) const {
    if (!r.has_time()) return json_text(reading_fields(r.value, units_));
    Json j;
    j["ts"] = r.unix_ms;
    j["values"] = reading_fields(r.value, units_);
    return json_text(j);
}

Result<std::vector<Publish>> ThingsBoardProfile::format_live(const TimedReading& r) const {
    std::string payload = reading_text(r);
    if (payload.size() > max_payload()) return Err::TooLarge;
    return std::vector<Publish>{{kTelemetry, std::move(payload)}};
}

Result<std::vector<Publish>> ThingsBoardProfile::format_batch(const std::vector<TimedReading>& readings) const {
    std::vector<std::string> items;
    for (const auto& r : readings) items.push_back(reading_text(r));
    auto payloads = pack_items(items, "[", ",", "]", max_payload());
    if (!payloads) return payloads.err();
    std::vector<Publish> out;
    for (auto& p : *payloads) out.push_back({kTelemetry, std::move(p)});
    return out;
}

void ThingsBoardProfile::parse_rpc(std::string_view id, std::string_view payload, Inbound& in) const {
    if (id.empty() || id.find('/') != std::string_view::npos) {
        in.errors.push_back("RPC request without a usable id: " + std::string(kRpcRequest) + std::string(id));
        return;
    }
    Json req = Json::parse(payload, nullptr, false);
    Command c;
    if (req.is_discarded() || !req.is_object()) {
        c = malformed_command("RPC request is not a JSON object");
    } else if (auto m = req.find("method"); m == req.end() || !m->is_string()) {
        c = malformed_command("RPC request without a \"method\" string");
    } else {
        const auto& method = m->get_ref<const std::string&>();
        auto p = req.find("params");
        Json params = p == req.end() ? Json() : *p;
        c = malformed_command("unknown method: " + method);
        for (const auto& e : kMethods)
            if (method == e.rpc) c = make_command(command_name_text(e.name), std::move(params));
        c.name_text = method;
    }
    c.id = std::string(id);
    c.reply_to = kViaRpc;
    in.commands.push_back(std::move(c));
}

void ThingsBoardProfile::parse_shared_attributes(std::string_view payload, Inbound& in) const {
    Json attrs = Json::parse(payload, nullptr, false);
    if (attrs.is_discarded() || !attrs.is_object()) {
        in.errors.push_back("shared attribute update is not a JSON object");
        return;
    }
    // Shared attributes may serve other consumers too: only the ones this device owns are commands.
    auto it = attrs.find(kIntervalAttribute);
    if (it == attrs.end()) return;
    Command c = make_command(command_name_text(CommandName::SetInterval), *it);
    c.reply_to = kViaAttributes;
    in.commands.push_back(std::move(c));
}

Inbound ThingsBoardProfile::parse_inbound(std::string_view topic, std::string_view payload) const {
    Inbound in;
    if (topic.substr(0, kRpcRequest.size()) == kRpcRequest)
        parse_rpc(topic.substr(kRpcRequest.size()), payload, in);
    else if (topic == kAttributes)
        parse_shared_attributes(payload, in);
    else
        in.errors.push_back("message on unexpected topic " + std::string(topic));
    return in;
}

std::vector<Publish> ThingsBoardProfile::format_response(const Command& cmd, const CommandResult& r) const {
    if (cmd.reply_to == kViaAttributes) {
        Json last;
        last["name"] = command_name_text(cmd.name);
        last["ok"] = r.ok;
        if (!r.ok) last["error"] = r.error;
        Json j;
        j["lastCommand"] = last;
        return {{kAttributes, json_text(j)}};
    }
    Json j;
    j["success"] = r.ok;
    if (!r.ok)
        j["error"] = r.error;
    else if (!r.result.is_null())
        j["result"] = r.result;
    return {{kRpcResponse + cmd.id, json_text(j)}};
}

}  // namespace fw::app
