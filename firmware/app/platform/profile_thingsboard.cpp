#include "firmware/app/platform/internal/profile_thingsboard.h"

#include <nlohmann/json.hpp>

#include "firmware/app/platform/json_input.h"

namespace fw::app {
namespace {

constexpr const char* kTelemetry = "v1/devices/me/telemetry";
constexpr const char* kAttributes = "v1/devices/me/attributes";
constexpr std::string_view kRpcRequest = "v1/devices/me/rpc/request/";
constexpr const char* kRpcResponse = "v1/devices/me/rpc/response/";
// How an answer travels back: an RPC reply, or client attributes for a shared-attribute change.
constexpr const char* kViaRpc = "rpc";
constexpr const char* kViaAttributes = "attributes";
constexpr const char* kViaFirmware = "firmware";
constexpr std::string_view kFwRequest = "v2/fw/request/";
constexpr std::string_view kFwResponse = "v2/fw/response/";
constexpr std::string_view kChunk = "/chunk/";

struct Method {
    const char* rpc;
    CommandName name;
};
constexpr Method kMethods[] = {
    {"reboot", CommandName::Reboot},       {"setInterval", CommandName::SetInterval},
    {"getStatus", CommandName::GetStatus}, {"factoryReset", CommandName::FactoryReset},
    {"setConfig", CommandName::SetConfig},
};

// A u32 in decimal, nothing else.
std::optional<uint32_t> decimal(std::string_view s) {
    if (s.empty() || s.size() > 9) return std::nullopt;
    uint32_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + static_cast<uint32_t>(c - '0');
    }
    return v;
}

bool sha256_hex(const std::string& s) {
    if (s.size() != 64) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

std::string lower_case(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

// The update the fw_* shared attributes announce, checked as far as the profile can; the
// agent compares title and version with the running firmware.
Command firmware_command(const Json& attrs) {
    const auto text = [&attrs](const char* key) {
        const std::string* s = string_member(attrs, key);
        return s != nullptr ? *s : std::string();
    };
    Command c;
    c.ota.source = OtaSource::MqttChunks;
    c.ota.name = text("fw_title");
    c.ota.version = text("fw_version");
    c.ota.sha256_hex = lower_case(text("fw_checksum"));
    auto size = attrs.find("fw_size");
    std::string algorithm = text("fw_checksum_algorithm");
    if (c.ota.name.empty() || c.ota.version.empty())
        c.error = "fw_title and fw_version must be non-empty strings";
    else if (size == attrs.end() || !size->is_number_unsigned() || size->get<uint64_t>() == 0 ||
             size->get<uint64_t>() > UINT32_MAX)
        c.error = "fw_size must be a positive number of bytes";
    else if (!algorithm.empty() && algorithm != "SHA256")
        c.error = "checksum algorithm " + algorithm + " not supported (only SHA256)";
    else if (!sha256_hex(c.ota.sha256_hex))
        c.error = "fw_checksum must be a SHA-256 in hex";
    else
        c.ota.size = static_cast<uint32_t>(size->get<uint64_t>());
    c.name = CommandName::Ota;
    c.name_text = name_of(CommandName::Ota);
    c.params = attrs;
    c.reply_to = kViaFirmware;
    return c;
}

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
    return {{std::string(kRpcRequest) + "+", 1}, {kAttributes, 1}, {std::string(kFwResponse) + "+/chunk/+", 1}};
}

std::vector<Publish> ThingsBoardProfile::startup_messages(const SessionInfo& info) const {
    Json j;
    j["status"] = "online";
    j["firmwareVersion"] = info.firmware_version;
    j["model"] = info.model;
    j[kIntervalAttribute] = info.interval_s;
    Json fw;
    fw["current_fw_title"] = info.firmware_name;
    fw["current_fw_version"] = info.firmware_version;
    return {{kAttributes, json_text(j)}, {kTelemetry, json_text(fw)}};
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
    return batch_publishes(
        readings, [this](const TimedReading& r) { return reading_text(r); }, {"[", ",", "]"}, max_payload(),
        kTelemetry);
}

void ThingsBoardProfile::parse_rpc(std::string_view id, std::string_view payload, Inbound& in) const {
    if (id.empty() || id.find('/') != std::string_view::npos) {
        in.errors.push_back("RPC request without a usable id: " + std::string(kRpcRequest) + std::string(id));
        return;
    }
    Json req = parse_json_input(payload);
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
            if (method == e.rpc) {
                c = make_command(name_of(e.name), std::move(params));
                break;  // params is taken: one method a request
            }
        c.name_text = method;
    }
    c.id = std::string(id);
    c.reply_to = kViaRpc;
    in.commands.push_back(std::move(c));
}

void ThingsBoardProfile::parse_shared_attributes(std::string_view payload, Inbound& in) const {
    Json attrs = parse_json_input(payload);
    if (attrs.is_discarded() || !attrs.is_object()) {
        in.errors.push_back("shared attribute update is not a JSON object");
        return;
    }
    // Shared attributes may serve other consumers too: only the ones this device owns are commands.
    if (attrs.contains("fw_version") || attrs.contains("fw_title")) in.commands.push_back(firmware_command(attrs));
    auto it = attrs.find(kIntervalAttribute);
    if (it != attrs.end()) {
        Command c = make_command(name_of(CommandName::SetInterval), *it);
        c.reply_to = kViaAttributes;
        in.commands.push_back(std::move(c));
    }
    for (auto& c : in.commands) c.desired_state = true;
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
    // A firmware update answers through fw_state: success is UPDATING/UPDATED progress already.
    if (cmd.reply_to == kViaFirmware)
        return r.ok ? std::vector<Publish>{} : format_ota_progress({OtaPhase::Failed, cmd.ota.version, r.error});
    if (cmd.reply_to == kViaAttributes) {
        Json last;
        last["name"] = name_of(cmd.name);
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
    else if (!r.result->is_null())
        j["result"] = *r.result;
    return {{kRpcResponse + cmd.id, json_text(j)}};
}

std::vector<Publish> ThingsBoardProfile::format_ota_progress(const OtaProgress& p) const {
    Json j;
    j["fw_state"] = name_of(p.phase);
    if (p.phase == OtaPhase::Failed) j["fw_error"] = p.error;
    return {{kTelemetry, json_text(j)}};
}

std::optional<Publish> ThingsBoardProfile::format_fw_chunk_request(uint32_t request_id, uint32_t index,
                                                                   uint32_t size) const {
    return Publish{std::string(kFwRequest) + std::to_string(request_id) + std::string(kChunk) + std::to_string(index),
                   std::to_string(size), 1, false};
}

std::optional<FwChunkId> ThingsBoardProfile::parse_fw_chunk_topic(std::string_view topic) const {
    if (topic.substr(0, kFwResponse.size()) != kFwResponse) return std::nullopt;
    topic.remove_prefix(kFwResponse.size());
    size_t at = topic.find(kChunk);
    if (at == std::string_view::npos) return std::nullopt;
    auto req = decimal(topic.substr(0, at));
    auto index = decimal(topic.substr(at + kChunk.size()));
    if (!req || !index) return std::nullopt;
    return FwChunkId{*req, *index};
}

}  // namespace fw::app
