#include "firmware/app/platform/internal/profile_openremote.h"

#include <nlohmann/json.hpp>

#include "firmware/app/platform/json_input.h"

namespace fw::app {

OpenRemoteProfile::OpenRemoteProfile(const DeviceConfig& cfg, size_t max_payload)
    : Profile(max_payload),
      client_id_(cfg.device_id),
      realm_(cfg.or_realm),
      asset_id_(cfg.or_asset_id),
      units_(cfg.units) {}

std::string OpenRemoteProfile::topic(const char* verb, const char* attribute) const {
    return realm_ + "/" + client_id_ + "/" + verb + "/" + attribute + "/" + asset_id_;
}

ConnectOptions OpenRemoteProfile::connect_options() const {
    ConnectOptions o;
    o.client_id = client_id_;
    o.will = Publish{topic("writeattributevalue", "online"), "false", 1, false};
    return o;
}

std::vector<Subscription> OpenRemoteProfile::subscriptions() const { return {{topic("attributevalue", "command"), 1}}; }

std::vector<Publish> OpenRemoteProfile::startup_messages(const SessionInfo&) const {
    return {{topic("writeattributevalue", "online"), "true"}};
}

Result<std::vector<Publish>> OpenRemoteProfile::values(const TimedReading& r, bool with_time) const {
    const std::pair<const char*, double> attrs[] = {{"temperature", temperature_in(r.value, units_)},
                                                    {"humidity", humidity(r.value)}};
    std::vector<Publish> out;
    for (const auto& [name, v] : attrs) {
        if (with_time && r.has_time()) {
            Json j;
            j["value"] = v;
            j["timestamp"] = r.unix_ms;
            out.push_back({topic("writeattribute", name), json_text(j)});
        } else {
            out.push_back({topic("writeattributevalue", name), number_text(v)});
        }
        if (out.back().payload.size() > max_payload()) return Err::TooLarge;
    }
    return out;
}

Result<std::vector<Publish>> OpenRemoteProfile::format_live(const TimedReading& r) const { return values(r, false); }

Result<std::vector<Publish>> OpenRemoteProfile::format_batch(const std::vector<TimedReading>& readings) const {
    std::vector<Publish> out;
    for (const auto& r : readings) {
        auto p = values(r, true);
        if (!p) return p.err();
        for (auto& x : *p) out.push_back(std::move(x));
    }
    return out;
}

Inbound OpenRemoteProfile::parse_inbound(std::string_view t, std::string_view payload) const {
    Inbound in;
    if (t != topic("attributevalue", "command")) {
        in.errors.push_back("message on unexpected topic " + std::string(t));
        return in;
    }
    Json v = parse_json_input(payload);
    if (v.is_discarded())
        in.commands.push_back(malformed_command("command value is not JSON"));
    else if (v.is_string())
        in.commands.push_back(make_command(v.get<std::string>(), nullptr));
    else if (!v.is_null())  // null: the attribute was cleared, which asks for nothing
        in.commands.push_back(parse_json_command(v));
    return in;
}

std::vector<Publish> OpenRemoteProfile::format_response(const Command& cmd, const CommandResult& r) const {
    return {{topic("writeattributevalue", "commandResponse"), json_text(json_answer(cmd, r))}};
}

}  // namespace fw::app
