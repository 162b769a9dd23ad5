#pragma once
// MQTT 3.1.1 client session over a byte-stream Transport, driven by the event loop; nothing in it
// blocks. It connects, keeps the link alive, reconnects with exponential backoff and full jitter
// after every disconnect, and keeps the messages the app published in a bounded outbox until
// they are done with (see outbox.h), so QoS 1/2 messages survive disconnects (and reboots, with
// use_store()).
//
// Lifecycle:  start() -> [connect attempt -> CONNACK] -> Connected -> (link lost / kicked /
// ping timeout) -> wait backoff -> connect attempt ... until stop().
//
// Guarantees:
// - QoS 0 at most once (one already in the transmit buffer is lost if the link drops before it
//   leaves; one published while offline waits in the outbox). QoS 1 at least once and QoS 2 exactly once towards the
//   broker; inbound QoS 2 is delivered to the app once even when the broker re-sends the PUBLISH (it is remembered
//   until PUBREL, across reconnects of a persistent session).
// - A dead link is detected within 1.5 x keep-alive of the last byte received: a PINGREQ goes
//   out after keep-alive without sending or without receiving, and a PINGRESP must follow
//   within keep-alive/2 of the PINGREQ, whatever other bytes arrive meanwhile.
// - A reconnect waits fw::Backoff's delay after every disconnect, also after a kick right after
//   CONNACK; the backoff starts over only when a connection stayed up stable_after_ms, or when
//   network_restored() says the attempts failed for want of a network.
// - Packets queued in one loop iteration leave in one transport send where possible.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "firmware/core/backoff.h"
#include "firmware/core/event_loop.h"
#include "firmware/core/result.h"
#include "firmware/net/mqtt/mqtt_config.h"
#include "firmware/net/mqtt/mqtt_events.h"
#include "firmware/net/mqtt/mqtt_frame_reader.h"
#include "firmware/net/mqtt/mqtt_outbox_store.h"
#include "firmware/net/mqtt/mqtt_packet_ids.h"
#include "firmware/net/mqtt/mqtt_tx_queue.h"
#include "firmware/net/mqtt/outbox.h"
#include "firmware/net/transport.h"
#include "hal/rng.h"

namespace fw::net {

class MqttSession {
public:
    enum class State : uint8_t {
        Idle,           // not started, or stopped
        WaitReconnect,  // waiting out the backoff delay (or about to make the first attempt)
        Connecting,     // transport connecting (TCP + TLS handshake)
        AwaitConnack,   // CONNECT sent
        Connected,
    };

    // `loop`, `rng` and `transport` must outlive the session.
    MqttSession(EventLoop& loop, hal::Rng& rng, Transport& transport, MqttConfig config, MqttHandlers handlers);
    ~MqttSession();
    MqttSession(const MqttSession&) = delete;
    MqttSession& operator=(const MqttSession&) = delete;

    // Optional, before start() and before any publish(): keeps accepted QoS 1/2 messages in
    // `store` until acknowledged, and queues those a previous run left there (sent with DUP=1).
    // Returns how many were restored; BadState if called later. `store` must outlive the session.
    Result<size_t> use_store(OutboxStore& store);

    // Checks the configuration (InvalidArg) and makes the first connection attempt on the next
    // loop iteration. BadState if already started.
    Status start();
    // Sends DISCONNECT if connected (so the broker discards the last will), closes the link and
    // stops reconnecting. on_disconnected reports Stopped. Messages stay in the outbox.
    void stop();
    // The network is back (Wi-Fi rejoined): the attempts made while it was down say nothing
    // about the broker, so a session waiting out its backoff starts the backoff over and tries
    // within its first window, jittered so that devices behind one access point do not all
    // reconnect at once. Does nothing in any other state.
    void network_restored();

    // Queues a message; allowed in any state (while offline it waits in the outbox). Returns the
    // packet id (0 for QoS 0) that on_published will report. Errors: InvalidArg (topic not a
    // valid topic name, qos > 2), TooLarge (payload above max_payload, or the packet does not
    // fit tx_buffer), NoSpace (outbox full of QoS 1/2 messages, or no free packet id).
    Result<uint16_t> publish(std::string_view topic, std::span<const uint8_t> payload, uint8_t qos,
                             bool retain = false);
    Result<uint16_t> publish(std::string_view topic, std::string_view payload, uint8_t qos, bool retain = false);

    // Sends SUBSCRIBE/UNSUBSCRIBE; only while Connected (BadState otherwise: subscribe again from
    // on_connected when session_present is false). WouldBlock when the transmit buffer is full.
    // Returns the packet id on_subscribed/on_unsubscribed will report.
    Result<uint16_t> subscribe(std::span<const mqtt::TopicFilter> filters);
    Result<uint16_t> subscribe(std::string_view filter, uint8_t qos);
    Result<uint16_t> unsubscribe(std::span<const std::string_view> filters);
    Result<uint16_t> unsubscribe(std::string_view filter);

    State state() const { return state_; }
    bool connected() const { return state_ == State::Connected; }
    const Outbox& outbox() const { return outbox_; }
    const MqttConfig& config() const { return cfg_; }
    // Connection attempts made since the session was created, and how many reached CONNACK.
    uint32_t attempts() const { return attempts_; }
    uint32_t connections() const { return connections_; }

private:
    static constexpr const char* kTag = "mqtt";
    // Transmit-buffer bytes kept free for acknowledgements and PINGREQ, so that answering the
    // broker never waits behind queued PUBLISHes.
    static constexpr size_t kControlReserve = 16;
    // Smallest receive buffer: room for any control packet a broker sends and a PUBLISH head.
    static constexpr size_t kMinRxBuffer = 128;

    struct PendingAck {
        uint16_t packet_id;
        bool unsubscribe;
        std::vector<uint8_t> requested_qos;  // one per filter of a SUBSCRIBE
    };
    // State of the inbound PUBLISH whose parts are arriving.
    struct Inbound {
        std::string topic;  // copied: the receive buffer is reused between parts
        size_t head_len = 0;
        uint16_t packet_id = 0;
        uint8_t qos = 0;
        bool retained = false, dup = false, deliver = false;
    };

    bool link_up() const { return state_ == State::AwaitConnack || state_ == State::Connected; }
    uint64_t now() { return loop_.now_ms(); }
    Status check_config();

    // mqtt_session.cpp: lifecycle, timers, transport I/O.
    void service();
    void begin_connect();
    void poll_connecting();
    void send_connect();
    void check_deadlines();
    uint64_t next_deadline();
    void arm_at(uint64_t due);
    void arm_timer();
    void kick();
    void flush();
    // True when it stopped at its per-iteration limit with more to read.
    bool read_inbound();
    bool process_frames();
    void drop(MqttDisconnect reason);
    LinkError link_error_or(LinkError fallback) const;

    // mqtt_session_inbound.cpp: packets from the broker.
    void handle_frame(const mqtt::FrameReader::Frame& f);
    void handle_connack(const mqtt::FrameReader::Frame& f);
    void handle_publish(const mqtt::FrameReader::Frame& f);
    void handle_ack(const mqtt::FrameReader::Frame& f);
    void handle_pubrec(uint16_t id);
    void handle_completion(uint16_t id, uint8_t qos, Outbox::State expected, const char* what);
    void handle_suback(const mqtt::FrameReader::Frame& f);
    void handle_unsuback(uint16_t id);
    void protocol_error(mqtt::CodecError e, const char* what);
    bool remember_inbound_qos2(uint16_t id);

    // mqtt_session_outbound.cpp: packets to the broker.
    bool send_ack(mqtt::PacketType type, uint16_t id);
    bool send_empty(mqtt::PacketType type);
    void pump_outbox();
    Result<uint16_t> send_sub(std::span<const mqtt::TopicFilter> subs, std::span<const std::string_view> unsubs);

    EventLoop& loop_;
    Transport& transport_;
    MqttConfig cfg_;
    MqttHandlers handlers_;
    Backoff backoff_;
    mqtt::FrameReader reader_;
    mqtt::TxQueue tx_;
    Outbox outbox_;
    mqtt::PacketIds ids_;
    std::vector<PendingAck> pending_acks_;
    std::vector<uint16_t> inbound_qos2_;  // QoS 2 ids received, PUBREL not yet
    Inbound inbound_;

    State state_ = State::Idle;
    uint32_t poller_ = 0;
    bool has_poller_ = false;
    EventLoop::TimerId timer_ = EventLoop::kNoTimer;
    uint64_t timer_due_ = 0;
    bool in_service_ = false;

    uint64_t attempt_deadline_ = 0;  // Connecting/AwaitConnack: connect timeout
    uint64_t reconnect_at_ = 0;      // WaitReconnect
    uint64_t connected_at_ = 0;
    bool stable_ = false;  // connected long enough to reset the backoff
    uint64_t last_tx_ = 0, last_rx_ = 0;
    bool ping_outstanding_ = false;
    uint64_t ping_sent_ = 0;
    uint32_t attempts_ = 0, connections_ = 0;
};

const char* name_of(MqttSession::State s);

}  // namespace fw::net
