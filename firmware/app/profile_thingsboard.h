#pragma once
// ThingsBoard device MQTT API (v1), authenticated by X.509 certificate (no username):
//   v1/devices/me/telemetry            {"ts":<ms>,"values":{"temperature":..,"humidity":..}}
//                                      (an array of those for buffered readings; without a
//                                      known time just {"temperature":..,"humidity":..})
//   v1/devices/me/attributes           client attributes out ({"status":"online",...});
//                                      shared attribute updates in: telemetryInterval -> set_interval
//   v1/devices/me/rpc/request/{id}     {"method":"reboot"|"setInterval"|"getStatus"|
//                                      "factoryReset"|"setConfig","params":..}
//   v1/devices/me/rpc/response/{id}    {"success":true[,"result":..]} / {"success":false,"error":".."}
// ThingsBoard keeps no retained messages; the will marks the device offline as a client attribute.
#include "firmware/app/profile.h"

namespace fw::app {

class ThingsBoardProfile final : public Profile {
public:
    // ThingsBoard's default transport.mqtt.max_payload_size.
    static constexpr size_t kPlatformMaxPayload = 65536;
    static constexpr const char* kIntervalAttribute = "telemetryInterval";

    ThingsBoardProfile(const DeviceConfig& cfg, size_t max_payload);

    ProfileKind kind() const override { return ProfileKind::ThingsBoard; }
    ConnectOptions connect_options() const override;
    std::vector<Subscription> subscriptions() const override;
    std::vector<Publish> startup_messages(const SessionInfo& info) const override;
    Result<std::vector<Publish>> format_live(const TimedReading& r) const override;
    Result<std::vector<Publish>> format_batch(const std::vector<TimedReading>& readings) const override;
    Inbound parse_inbound(std::string_view topic, std::string_view payload) const override;
    std::vector<Publish> format_response(const Command& cmd, const CommandResult& r) const override;

private:
    std::string reading_text(const TimedReading& r) const;
    void parse_rpc(std::string_view id, std::string_view payload, Inbound& in) const;
    void parse_shared_attributes(std::string_view payload, Inbound& in) const;

    std::string device_id_;
    Units units_;
};

}  // namespace fw::app
