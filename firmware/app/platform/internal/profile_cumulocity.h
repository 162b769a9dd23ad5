#pragma once
// Cumulocity IoT over MQTT with SmartREST 2.0 static templates (CSV, see smartrest_csv.h),
// device certificate authentication, clean session:
//   client id  d:<serial>               (serial = device id = certificate CN)
//   s/us  out  100,<name>,<type> / 110,<serial>,<model>,<rev> / 114,c8y_Restart,c8y_Command,
//              c8y_Firmware / 115,<fw name>,<fw version> / 117,<minutes> / 500 on connect;
//              211,<temp>[,<time>] and 200,c8y_Humidity,h,<value>,%RH[,<time>] per reading
//              (200,c8y_TemperatureMeasurement,T,<value>,F[,<time>] in Fahrenheit, since 211 is
//              Celsius); 501/502/503,<fragment>[,..] operation status
//   s/ds  in   510,<serial> restart; 511,<serial>,<command text>; 515,<serial>,<name>,<version>,<url>
//   s/e   in   errors about our own rows (code 4x: our mistake, 5x: server), surfaced as errors
// Command texts (511): "reboot", "get_status", "factory_reset", "set_interval <s>",
// "set_config <key>=<value> ...", "ota <url> <version>".
#include "firmware/app/platform/profile.h"

namespace fw::app {

class CumulocityProfile final : public Profile, public FirmwareDelivery {
public:
    // Cumulocity caps a whole MQTT packet at 16184 bytes, header included.
    static constexpr size_t kPlatformMaxPacket = 16184;
    static constexpr size_t kPlatformMaxPayload = kPlatformMaxPacket - publish_overhead(4 /* s/us */, 1);

    CumulocityProfile(const DeviceConfig& cfg, size_t max_payload);

    // 117's required interval: three telemetry periods in whole minutes (at least 1), so one
    // late or lost reading does not flag the device unavailable.
    static uint32_t required_interval_min(uint32_t interval_s);

    ConnectOptions connect_options() const override;
    std::vector<Subscription> subscriptions() const override;
    std::vector<Publish> startup_messages(const SessionInfo& info) const override;
    Result<std::vector<Publish>> format_live(const TimedReading& r) const override;
    Result<std::vector<Publish>> format_batch(const std::vector<TimedReading>& readings) const override;
    Inbound parse_inbound(std::string_view topic, std::string_view payload) const override;
    std::vector<Publish> format_accepted(const Command& cmd) const override;
    std::vector<Publish> format_interval_changed(uint32_t interval_s) const override;
    std::vector<Publish> format_response(const Command& cmd, const CommandResult& r) const override;
    std::string connack_error(uint8_t code) const override;
    // 515 stays EXECUTING across the restart; the new image sends 503 (or 502 after a rollback).
    const FirmwareDelivery& firmware() const override { return *this; }
    bool answers_ota_after_restart() const override { return true; }

private:
    static std::string availability_row(uint32_t interval_s);
    std::string reading_rows(const TimedReading& r) const;
    void parse_operations(std::string_view payload, Inbound& in) const;

    std::string serial_;
    std::string name_;
    std::string type_;
    Units units_;
};

}  // namespace fw::app
