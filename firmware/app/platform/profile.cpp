#include "firmware/app/platform/profile.h"

#include <algorithm>

#include "firmware/app/platform/internal/profile_cumulocity.h"
#include "firmware/app/platform/internal/profile_generic.h"
#include "firmware/app/platform/internal/profile_openremote.h"
#include "firmware/app/platform/internal/profile_thingsboard.h"

namespace fw::app {

std::vector<Publish> Profile::format_accepted(const Command&) const { return {}; }

Inbound Profile::parse_oversized(std::string_view topic, size_t size) const {
    std::string why =
        "message on " + std::string(topic) + " too large for a command (" + std::to_string(size) + " bytes)";
    // The topic with no payload yields the commands that topic carries, with their answer routing.
    Inbound in;
    for (auto& c : parse_inbound(topic, "").commands) {
        Command refused = malformed_command(why);
        refused.id = std::move(c.id);
        refused.reply_to = std::move(c.reply_to);
        in.commands.push_back(std::move(refused));
    }
    if (in.commands.empty()) in.errors.push_back(why + ": ignored");
    return in;
}

std::vector<Publish> Profile::format_interval_changed(uint32_t) const { return {}; }

const FirmwareDelivery& Profile::firmware() const {
    static const FirmwareDelivery none;
    return none;
}

std::string Profile::connack_error(uint8_t code) const {
    switch (code) {
        case 0: return "accepted";
        case 1: return "unacceptable protocol version (the broker does not speak MQTT 3.1.1)";
        case 2: return "client identifier rejected";
        case 3: return "server unavailable; retrying";
        case 4: return "bad user name or password";
        case 5: return "not authorised (is the certificate registered and allowed on the broker?)";
    }
    return "unknown CONNACK return code " + std::to_string(code);
}

Result<std::unique_ptr<Profile>> make_profile(const DeviceConfig& cfg, size_t session_max_payload) {
    if (!valid_device_id(cfg.device_id)) return Err::InvalidArg;
    std::unique_ptr<Profile> p;
    switch (cfg.profile) {
        case ProfileKind::Generic:
            p = std::make_unique<GenericProfile>(cfg,
                                                 std::min(GenericProfile::kPlatformMaxPayload, session_max_payload));
            break;
        case ProfileKind::ThingsBoard:
            p = std::make_unique<ThingsBoardProfile>(
                cfg, std::min(ThingsBoardProfile::kPlatformMaxPayload, session_max_payload));
            break;
        case ProfileKind::Cumulocity:
            p = std::make_unique<CumulocityProfile>(
                cfg, std::min(CumulocityProfile::kPlatformMaxPayload, session_max_payload));
            break;
        case ProfileKind::OpenRemote:
            if (cfg.or_asset_id.empty()) return Err::InvalidArg;
            p = std::make_unique<OpenRemoteProfile>(
                cfg, std::min(OpenRemoteProfile::kPlatformMaxPayload, session_max_payload));
            break;
    }
    return p;
}

}  // namespace fw::app
