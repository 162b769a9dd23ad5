#pragma once
// What an MQTT session tells the app: connected, disconnected (and why), messages, acks.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>

#include "firmware/net/mqtt/mqtt_packet.h"
#include "firmware/net/transport.h"

namespace fw::net {

// One inbound PUBLISH, or one fragment of it. A message whose packet fits MqttConfig::rx_buffer
// arrives in one call (offset 0, data.size() == total_len). A larger one arrives in consecutive
// calls with the same topic/qos/flags, `offset` growing, until last(); the app reassembles or
// streams it. The views are valid only during the call.
struct MqttMessage {
    std::string_view topic;
    std::span<const uint8_t> data;  // this fragment of the payload
    size_t offset = 0;              // of `data` within the payload
    size_t total_len = 0;           // length of the whole payload
    uint8_t qos = 0;
    bool retained = false;
    bool dup = false;

    bool first() const { return offset == 0; }
    bool last() const { return offset + data.size() == total_len; }
};

enum class MqttDisconnectCause : uint8_t {
    Stopped,         // the app called stop()
    Link,            // the transport failed or closed: see `link`
    ConnectTimeout,  // no CONNACK within MqttConfig::connect_timeout_ms
    Refused,         // CONNACK with a non-zero return code: see `connack`
    PingTimeout,     // no PINGRESP within keep-alive/2 of the PINGREQ: the link is dead
    Protocol,        // the broker broke the protocol: see `codec`
};

struct MqttDisconnect {
    MqttDisconnectCause cause = MqttDisconnectCause::Stopped;
    LinkError link = LinkError::None;
    mqtt::ConnackCode connack = mqtt::ConnackCode::Accepted;
    mqtt::CodecError codec = mqtt::CodecError::None;
    bool was_connected = false;  // false: a connection attempt failed before CONNACK
    uint32_t retry_in_ms = 0;    // delay before the next attempt; 0 after stop()
};

const char* name_of(MqttDisconnectCause c);
// The most specific reason text: the link error, the CONNACK reason or the codec error.
const char* disconnect_detail(const MqttDisconnect& d);

// Callbacks run on the event loop. They may call publish/subscribe/stop, but must not destroy
// the session. Empty ones are skipped.
struct MqttHandlers {
    std::function<void(bool session_present)> on_connected;
    std::function<void(const MqttDisconnect&)> on_disconnected;
    std::function<void(const MqttMessage&)> on_message;
    // A QoS 1 PUBACK or QoS 2 PUBCOMP arrived for the id publish() returned.
    std::function<void(uint16_t packet_id)> on_published;
    // SUBACK: one code per requested filter, the granted QoS or mqtt::kSubackFailure (0x80).
    std::function<void(uint16_t packet_id, std::span<const uint8_t> granted)> on_subscribed;
    std::function<void(uint16_t packet_id)> on_unsubscribed;
};

}  // namespace fw::net
