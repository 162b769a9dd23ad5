#pragma once
// OpenRemote manager MQTT API, X.509 auto-provisioned device (no username; the client id is the
// device id and appears in every topic, as the broker requires):
//   {realm}/{id}/writeattributevalue/{attribute}/{assetId}   live value, JSON (e.g. 21.5)
//   {realm}/{id}/writeattribute/{attribute}/{assetId}        buffered value with its time:
//                                                            {"value":21.5,"timestamp":<ms>}
//   {realm}/{id}/attributevalue/command/{assetId}            in: the "command" attribute's value,
//                                                            the generic JSON command or a bare name
//   {realm}/{id}/writeattributevalue/commandResponse/{assetId}  {"id":..,"ok":..,"result"|"error":..}
//   attribute "online": false as last will, true on connect
// Attributes: temperature, humidity, online, command, commandResponse.
#include "firmware/app/platform/profile.h"

namespace fw::app {

class OpenRemoteProfile final : public Profile {
public:
    // No documented platform cap: the MQTT session's buffer is the limit.
    static constexpr size_t kPlatformMaxPayload = size_t{256} * 1024;

    OpenRemoteProfile(const DeviceConfig& cfg, size_t max_payload);

    ConnectOptions connect_options() const override;
    std::vector<Subscription> subscriptions() const override;
    std::vector<Publish> startup_messages(const SessionInfo& info) const override;
    Result<std::vector<Publish>> format_live(const TimedReading& r) const override;
    Result<std::vector<Publish>> format_batch(const std::vector<TimedReading>& readings) const override;
    Inbound parse_inbound(std::string_view topic, std::string_view payload) const override;
    std::vector<Publish> format_response(const Command& cmd, const CommandResult& r) const override;

private:
    // {realm}/{id}/{verb}/{attribute}/{assetId}
    std::string topic(const char* verb, const char* attribute) const;
    Result<std::vector<Publish>> values(const TimedReading& r, bool with_time) const;

    std::string client_id_;
    std::string realm_;
    std::string asset_id_;
    Units units_;
};

}  // namespace fw::app
