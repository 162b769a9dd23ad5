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
// Firmware (ThingsBoard OTA over MQTT): shared attributes fw_title, fw_version, fw_size,
// fw_checksum (SHA-256 hex), fw_checksum_algorithm announce an update (-> an ota command);
//   v2/fw/request/{req}/chunk/{n}     out: the chunk size in ASCII decimal
//   v2/fw/response/{req}/chunk/{n}    in: the chunk's bytes (an empty chunk: no more data)
//   v1/devices/me/telemetry           current_fw_title/current_fw_version on connect; fw_state
//                                     DOWNLOADING..UPDATED or FAILED with fw_error
// ThingsBoard keeps no retained messages; the will marks the device offline as a client attribute.
#include "firmware/app/platform/profile.h"

namespace fw::app {

class ThingsBoardProfile final : public Profile, public FirmwareDelivery {
public:
    // ThingsBoard's default transport.mqtt.max_payload_size.
    static constexpr size_t kPlatformMaxPayload = 65536;
    static constexpr const char* kIntervalAttribute = "telemetryInterval";

    ThingsBoardProfile(const DeviceConfig& cfg, size_t max_payload);

    ConnectOptions connect_options() const override;
    std::vector<Subscription> subscriptions() const override;
    std::vector<Publish> startup_messages(const SessionInfo& info) const override;
    Result<std::vector<Publish>> format_live(const TimedReading& r) const override;
    Result<std::vector<Publish>> format_batch(const std::vector<TimedReading>& readings) const override;
    Inbound parse_inbound(std::string_view topic, std::string_view payload) const override;
    std::vector<Publish> format_response(const Command& cmd, const CommandResult& r) const override;
    const FirmwareDelivery& firmware() const override { return *this; }
    std::vector<Publish> format_ota_progress(const OtaProgress& p) const override;
    std::optional<Publish> format_fw_chunk_request(uint32_t request_id, uint32_t index, uint32_t size) const override;
    std::optional<FwChunkId> parse_fw_chunk_topic(std::string_view topic) const override;

private:
    std::string reading_text(const TimedReading& r) const;
    void parse_rpc(std::string_view id, std::string_view payload, Inbound& in) const;
    void parse_shared_attributes(std::string_view payload, Inbound& in) const;

    std::string device_id_;
    Units units_;
};

}  // namespace fw::app
