#pragma once
// Generic JSON profile for any MQTT broker (mosquitto with per-device ACLs):
//   {prefix}/{id}/telemetry      {"ts":<ms>,"temperature":..,"humidity":..} (a JSON array of
//                                those for readings buffered while offline)
//   {prefix}/{id}/cmd            {"id":"..","cmd":"reboot"|"set_interval"|..,"params":{..}}
//   {prefix}/{id}/cmd/response   {"id":"..","ok":true,"result":..} / {"id":"..","ok":false,"error":".."}
//   {prefix}/{id}/status         "offline" as retained last will, "online" retained on connect
//   {prefix}/{id}/ota            update progress {"state":"DOWNLOADING"|..|"UPDATED"|"FAILED",
//                                "version":".."[,"error":".."]}; the ota command is answered on
//                                cmd/response once the outcome is known (ok just before the restart)
#include "firmware/app/platform/profile.h"

namespace fw::app {

class GenericProfile final : public Profile, public FirmwareDelivery {
public:
    // No platform cap: the MQTT session's buffer is the limit.
    static constexpr size_t kPlatformMaxPayload = size_t{256} * 1024;

    GenericProfile(const DeviceConfig& cfg, size_t max_payload);

    ConnectOptions connect_options() const override;
    std::vector<Subscription> subscriptions() const override;
    std::vector<Publish> startup_messages(const SessionInfo& info) const override;
    Result<std::vector<Publish>> format_live(const TimedReading& r) const override;
    Result<std::vector<Publish>> format_batch(const std::vector<TimedReading>& readings) const override;
    Inbound parse_inbound(std::string_view topic, std::string_view payload) const override;
    std::vector<Publish> format_response(const Command& cmd, const CommandResult& r) const override;
    const FirmwareDelivery& firmware() const override { return *this; }
    std::vector<Publish> format_ota_progress(const OtaProgress& p) const override;

private:
    std::string topic(const char* leaf) const { return base_ + leaf; }
    std::string reading_text(const TimedReading& r) const;

    std::string device_id_;
    std::string base_;  // {prefix}/{id}
    Units units_;
};

}  // namespace fw::app
