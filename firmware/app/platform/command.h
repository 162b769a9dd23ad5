#pragma once
// The platform-neutral command: what a profile makes of an inbound message (a generic JSON
// command, a ThingsBoard RPC, a Cumulocity operation, an OpenRemote attribute write) and what
// the app answers. A command that could not be understood is still a command: it carries an
// error and is answered with it, never dropped silently.
#include <cstdint>
#include <string>
#include <string_view>

#include "firmware/app/platform/telemetry.h"

namespace fw::app {

enum class CommandName : uint8_t { Reboot, SetInterval, GetStatus, FactoryReset, Ota, SetConfig, Unknown };

constexpr uint32_t kMinIntervalS = 1;
constexpr uint32_t kMaxIntervalS = 86400;

// snake_case spelling used by the generic/OpenRemote JSON and Cumulocity shell commands.
const char* name_of(CommandName n);
CommandName command_name_from(std::string_view text);

// Where an update's image comes from: an https:// URL (generic/OpenRemote `ota`, Cumulocity 515)
// or ThingsBoard's firmware chunks over MQTT (announced by shared attributes).
enum class OtaSource : uint8_t { Https, MqttChunks };

struct OtaRequest {
    OtaSource source = OtaSource::Https;
    std::string url;  // Https: the image is fetched by the HTTPS client
    std::string version;
    std::string name;        // optional (Cumulocity's firmware name); MqttChunks: fw_title
    uint32_t size = 0;       // MqttChunks: fw_size
    std::string sha256_hex;  // MqttChunks: fw_checksum, 64 lower-case hex digits
};

struct Command {
    std::string id;        // the platform's correlation id, echoed in the answer (may be empty)
    std::string reply_to;  // profile-private routing for the answer (RPC id, c8y fragment...)
    CommandName name = CommandName::Unknown;
    std::string name_text;    // as received, for the "unknown command" answer
    JsonValue params;         // as received; set_config: object of config key -> value
    uint32_t interval_s = 0;  // set_interval, validated
    OtaRequest ota;           // ota, validated
    std::string error;        // non-empty: malformed or invalid; answer it, do not execute
    // Desired state rather than an action (ThingsBoard shared attributes): applying it again
    // changes nothing, so a retained copy is applied. Any other command must not be retained.
    bool desired_state = false;

    bool valid() const { return error.empty(); }
};

// A command named `name_text` with `params`; checks the parameters its name requires and
// fills interval_s / ota, or sets `error`.
Command make_command(std::string_view name_text, Json params);
// A command that could not be parsed at all.
Command malformed_command(std::string error);

// What executing a command produced.
struct CommandResult {
    bool ok = true;
    JsonValue result;   // ok: optional payload (get_status's report); null when none
    std::string error;  // !ok: why, as shown to the operator

    bool deferred = false;  // no answer now: it follows once the outcome is known (an update)

    static CommandResult success();
    static CommandResult success(Json result);
    static CommandResult failure(std::string error);
    static CommandResult later();
};

// get_status: what the device reports about itself; the app fills it in.
struct DeviceStatus {
    uint64_t uptime_s = 0;
    std::string firmware_version;
    uint32_t free_heap = 0;
    uint32_t min_free_heap = 0;
    uint32_t firmware_heap = 0;       // the firmware's own share of the heap in use (hal::System)
    uint32_t firmware_heap_peak = 0;  // its highest level since boot
    int32_t rssi_dbm = 0;
    uint32_t dropped_messages = 0;
    uint32_t sensor_errors = 0;
    uint32_t interval_s = 0;
    std::string time_source;           // what set the wall clock: "sntp HOST:PORT", "rtc" or "none"
    std::string tls_version = "none";  // of the broker connection: "TLSv1.3", "TLSv1.2"; "none" while offline
};
Json status_json(const DeviceStatus& s);
// get_status's answer: a success carrying status_json(s).
CommandResult status_result(const DeviceStatus& s);

// The JSON command envelope shared by the generic and OpenRemote profiles:
// {"id":"..","cmd":"reboot"|...,"params":{...}} in (the id is required: it is how a repeated
// command is recognised, command_replay.h), {"id":..,"ok":true,"result":..} or
// {"id":..,"ok":false,"error":".."} out.
Command parse_json_command(const Json& envelope);
Json json_answer(const Command& cmd, const CommandResult& r);

}  // namespace fw::app
