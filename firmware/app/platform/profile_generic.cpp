#include "firmware/app/platform/internal/profile_generic.h"

#include <nlohmann/json.hpp>

#include "firmware/app/platform/json_input.h"

namespace fw::app {

GenericProfile::GenericProfile(const DeviceConfig& cfg, size_t max_payload)
    : Profile(max_payload),
      device_id_(cfg.device_id),
      base_(cfg.topic_prefix + "/" + cfg.device_id),
      units_(cfg.units) {}

ConnectOptions GenericProfile::connect_options() const {
    ConnectOptions o;
    o.client_id = device_id_;
    o.will = Publish{topic("/status"), "offline", 1, true};
    return o;
}

std::vector<Subscription> GenericProfile::subscriptions() const { return {{topic("/cmd"), 1}}; }

std::vector<Publish> GenericProfile::startup_messages(const SessionInfo&) const {
    return {{topic("/status"), "online", 1, true}};
}

std::string GenericProfile::reading_text(const TimedReading& r) const {
    Json j;
    if (r.has_time()) j["ts"] = r.unix_ms;
    j.update(reading_fields(r.value, units_));
    return json_text(j);
}

Result<std::vector<Publish>> GenericProfile::format_live(const TimedReading& r) const {
    std::string payload = reading_text(r);
    if (payload.size() > max_payload()) return Err::TooLarge;
    return std::vector<Publish>{{topic("/telemetry"), std::move(payload)}};
}

Result<std::vector<Publish>> GenericProfile::format_batch(const std::vector<TimedReading>& readings) const {
    return batch_publishes(
        readings, [this](const TimedReading& r) { return reading_text(r); }, {"[", ",", "]"}, max_payload(),
        topic("/telemetry"));
}

Inbound GenericProfile::parse_inbound(std::string_view t, std::string_view payload) const {
    Inbound in;
    if (t != topic("/cmd")) {
        in.errors.push_back("message on unexpected topic " + std::string(t));
        return in;
    }
    Json env = parse_json_input(payload);
    in.commands.push_back(env.is_discarded() ? malformed_command("payload is not JSON") : parse_json_command(env));
    return in;
}

std::vector<Publish> GenericProfile::format_response(const Command& cmd, const CommandResult& r) const {
    return {{topic("/cmd/response"), json_text(json_answer(cmd, r))}};
}

std::vector<Publish> GenericProfile::format_ota_progress(const OtaProgress& p) const {
    Json j;
    j["state"] = name_of(p.phase);
    j["version"] = p.version;
    if (p.phase == OtaPhase::Failed) j["error"] = p.error;
    return {{topic("/ota"), json_text(j)}};
}

}  // namespace fw::app
