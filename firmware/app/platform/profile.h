#pragma once
// A platform profile decides WHAT the device publishes and HOW it understands commands, for one
// IoT platform; how the platform delivers firmware is its FirmwareDelivery (firmware_delivery.h). Profiles are pure: no
// I/O, no clock (timestamps come in with the readings), so every byte they produce is unit-tested without a network.
// The app's state machine owns the MQTT session and calls, in order: connect_options() -> CONNECT; subscriptions() and
// startup_messages() after CONNACK; format_live()/format_batch() per reading or outbox flush;
// parse_inbound() per received PUBLISH; format_accepted() before executing a valid command and
// format_response() with its outcome (for an invalid command: format_response() alone).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "firmware/app/platform/command.h"
#include "firmware/app/platform/device_config.h"
#include "firmware/app/platform/firmware_delivery.h"
#include "firmware/app/platform/publish.h"
#include "firmware/app/platform/telemetry.h"
#include "firmware/core/result.h"

namespace fw::app {

struct Subscription {
    std::string filter;
    uint8_t qos = 1;
};

struct ConnectOptions {
    std::string client_id;
    std::optional<std::string> username;  // none: mutual TLS identifies the device
    std::optional<std::string> password;
    bool clean_session = true;
    std::optional<Publish> will;  // last will: the platform's "offline" marker
};

// Facts about the running firmware that startup messages report.
struct SessionInfo {
    std::string firmware_name;
    std::string firmware_version;
    std::string model;     // hardware model, e.g. "ESP32-D0WD"
    std::string revision;  // hardware revision
    uint32_t interval_s = 0;
};

// What one inbound PUBLISH meant: commands to run and answer, and errors the platform reported
// about our own messages (Cumulocity's s/e) or messages nobody can answer.
struct Inbound {
    std::vector<Command> commands;
    std::vector<std::string> errors;
};

class Profile {
public:
    virtual ~Profile() = default;

    virtual ConnectOptions connect_options() const = 0;
    virtual std::vector<Subscription> subscriptions() const = 0;
    // "online" status and device registration, published in order once connected.
    virtual std::vector<Publish> startup_messages(const SessionInfo& info) const = 0;

    // One reading taken just now.
    virtual Result<std::vector<Publish>> format_live(const TimedReading& r) const = 0;
    // Readings buffered while offline, with their original timestamps, split so that no payload
    // exceeds max_payload(). TooLarge only if a single reading cannot fit.
    virtual Result<std::vector<Publish>> format_batch(const std::vector<TimedReading>& readings) const = 0;

    virtual Inbound parse_inbound(std::string_view topic, std::string_view payload) const = 0;
    // A PUBLISH of `size` bytes too large to take as a command: a command refused for its size
    // wherever the topic alone says a command came and whom to answer (a ThingsBoard RPC id, the
    // generic and OpenRemote command topics), so that its sender is answered; else an error.
    Inbound parse_oversized(std::string_view topic, size_t size) const;
    // Sent when a valid command starts executing (Cumulocity's 501); most platforms need none.
    virtual std::vector<Publish> format_accepted(const Command& cmd) const;
    // Sent after the telemetry interval changed at run time, for platforms that watch it
    // (Cumulocity's 117 availability interval); none by default.
    virtual std::vector<Publish> format_interval_changed(uint32_t interval_s) const;
    virtual std::vector<Publish> format_response(const Command& cmd, const CommandResult& r) const = 0;

    // How this platform delivers firmware and follows an update; by default it delivers none
    // over MQTT and shows no progress.
    virtual const FirmwareDelivery& firmware() const;

    // Why a CONNACK refused us (return codes 1-5), in this platform's terms.
    virtual std::string connack_error(uint8_t code) const;
    // Whether reconnecting can help after this CONNACK code (3, server unavailable) or the
    // device needs a configuration or certificate change first.
    static bool connack_retryable(uint8_t code) { return code == 3; }

    // Largest PUBLISH payload this profile produces.
    size_t max_payload() const { return max_payload_; }

protected:
    explicit Profile(size_t max_payload) : max_payload_(max_payload) {}

private:
    size_t max_payload_;
};

// The profile the device talks through now, or null while it has none. The device replaces its
// profile when it reconnects with other settings, so what outlives one asks through this each time
// rather than keeping a pointer.
using CurrentProfile = std::function<const Profile*()>;

// The profile `cfg.profile` names, limited to what both the platform and the MQTT session
// (`session_max_payload`) accept. InvalidArg when the config lacks what the profile needs.
Result<std::unique_ptr<Profile>> make_profile(const DeviceConfig& cfg, size_t session_max_payload);

// Bytes an MQTT 3.1.1 PUBLISH adds around its payload, at most: fixed header (1 + up to 4 length
// bytes), topic length and topic, and the packet id at QoS > 0. Platforms that cap whole packets
// (Cumulocity: 16184 bytes) subtract it.
constexpr size_t publish_overhead(size_t topic_len, uint8_t qos) { return 1 + 4 + 2 + topic_len + (qos > 0 ? 2 : 0); }

}  // namespace fw::app
