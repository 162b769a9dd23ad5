#pragma once
// Settings of one MQTT session (one broker, one client identity).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fw::net {

struct MqttLastWill {
    std::string topic;
    std::vector<uint8_t> payload;
    uint8_t qos = 0;
    bool retain = false;
};

struct MqttConfig {
    std::string host;
    uint16_t port = 8883;
    std::string client_id;
    std::optional<std::string> username;
    std::optional<std::string> password;
    // false: a persistent session; unacknowledged QoS 1/2 messages are re-sent with DUP=1 after
    // a reconnect. They are re-sent with clean_session=true too, so none is lost; the broker
    // then treats them as new.
    bool clean_session = true;
    uint16_t keep_alive_s = 60;  // 0 disables keep-alive (no PINGREQ, no dead-link detection)
    std::optional<MqttLastWill> will;

    // publish() refuses larger payloads with Err::TooLarge (16184 bytes is Cumulocity's limit).
    size_t max_payload = 16184;
    // Both buffers below are limits, not allocations: each holds what it carries at the moment (a
    // small block between packets, the receive buffer grown to the packet being read, the
    // transmit buffer grown while packets pile up) and is freed when the connection drops. These
    // defaults suit a host client's throughput; the device sizes them smaller (BrokerConnection).
    // Inbound packets up to this size arrive in one on_message call; larger PUBLISHes arrive in
    // fragments (see MqttMessage).
    size_t rx_buffer = size_t{17} * 1024;
    // Outgoing packets queued per loop iteration are coalesced here; the largest PUBLISH
    // (max_payload + topic + header) must fit, or publish() refuses it with TooLarge.
    size_t tx_buffer = size_t{17} * 1024;
    // Bound of the outbox (see outbox.h for the drop policy).
    size_t outbox_bytes = size_t{64} * 1024;
    // QoS 1/2 messages written but not yet acknowledged, at most.
    uint16_t inflight_window = 16;

    // From the start of a connection attempt (TCP, TLS) to CONNACK.
    uint32_t connect_timeout_ms = 20000;
    // Reconnect delays: uniform in [floor, min(cap, base * 2^n)] after the n-th failure in a row.
    uint32_t backoff_base_ms = 1000;
    uint32_t backoff_cap_ms = 120000;
    uint32_t backoff_floor_ms = 500;
    // The backoff starts over only once a connection has stayed up this long, so a broker that
    // accepts and then kicks the client at once cannot cause a reconnect storm.
    uint32_t stable_after_ms = 30000;
};

}  // namespace fw::net
