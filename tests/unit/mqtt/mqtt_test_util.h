#pragma once
// Helpers for the MQTT unit tests: encode any packet into a vector, decode a byte stream into
// packets, and a harness that runs an MqttSession against a FakeTransport on a manual clock,
// with the test playing the broker.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "fake_hal/fake_hal.h"
#include "fake_hal/fake_transport.h"
#include "firmware/core/event_loop.h"
#include "firmware/core/log.h"
#include "firmware/net/mqtt/mqtt_codec.h"
#include "firmware/net/mqtt/mqtt_frame_reader.h"
#include "firmware/net/mqtt/mqtt_session.h"

namespace mqtt_test {

namespace mqtt = fw::net::mqtt;
using Bytes = std::vector<uint8_t>;

inline Bytes bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }
inline std::string text(std::span<const uint8_t> b) { return std::string(b.begin(), b.end()); }

// Encodes with the codec into a buffer of exactly the packet's size.
template <class P>
Bytes encode(const P& p) {
    size_t size = 1 << 16;
    if constexpr (std::is_same_v<P, mqtt::Publish>) size = mqtt::encoded_size(p);
    Bytes out(size);
    auto r = mqtt::encode(p, out);
    EXPECT_TRUE(r.ok()) << fw::name_of(r.err());
    out.resize(r.ok() ? *r : 0);
    return out;
}
inline Bytes encode_empty(mqtt::PacketType t) {
    Bytes out(2);
    auto r = mqtt::encode_empty(t, out);
    EXPECT_TRUE(r.ok());
    return out;
}
inline Bytes ack(mqtt::PacketType t, uint16_t id) { return encode(mqtt::Ack{t, id}); }
inline Bytes connack(mqtt::ConnackCode code = mqtt::ConnackCode::Accepted, bool session_present = false) {
    return encode(mqtt::Connack{session_present, code});
}
inline Bytes publish(std::string_view topic, std::string_view payload, uint8_t qos = 0, uint16_t id = 0,
                     bool dup = false, bool retain = false) {
    Bytes p = bytes(payload);
    return encode(mqtt::Publish{topic, p, id, qos, retain, dup});
}

struct Packet {
    uint8_t header = 0;
    Bytes body;
    mqtt::PacketType type() const { return static_cast<mqtt::PacketType>(header >> 4); }
    bool dup() const { return header & 0x08; }
    uint16_t packet_id() const {  // of an ack, SUBSCRIBE or a QoS > 0 PUBLISH
        if (type() != mqtt::PacketType::Publish)
            return body.size() >= 2 ? static_cast<uint16_t>(body[0] << 8 | body[1]) : 0;
        mqtt::Publish p;
        return mqtt::parse_publish(header, body, p) == mqtt::CodecError::None ? p.packet_id : 0;
    }
    mqtt::Publish as_publish() const {
        mqtt::Publish p;
        EXPECT_EQ(mqtt::parse_publish(header, body, p), mqtt::CodecError::None);
        return p;
    }
};

// Decodes a client's byte stream; every byte must belong to a well-formed packet.
inline std::vector<Packet> decode(const Bytes& stream) {
    std::vector<Packet> out;
    size_t pos = 0;
    while (pos < stream.size()) {
        mqtt::FixedHeader h;
        auto rest = std::span<const uint8_t>(stream).subspan(pos);
        mqtt::CodecError e = mqtt::decode_fixed_header(rest, h).err();
        EXPECT_EQ(e, mqtt::CodecError::None) << "at byte " << pos;
        if (e != mqtt::CodecError::None || rest.size() < h.size + size_t{h.remaining}) {
            ADD_FAILURE() << "truncated packet in client stream";
            break;
        }
        out.push_back(Packet{h.byte, Bytes(rest.begin() + h.size, rest.begin() + h.size + h.remaining)});
        pos += h.size + h.remaining;
    }
    return out;
}

struct Received {
    std::string topic;
    std::string payload;
    uint8_t qos;
    bool retained;
    bool dup;
};

// Swallows log lines once a Harness is gone, so code running after it never writes to a dead sink.
class NullLog : public hal::Log {
public:
    void write_line(const char*, size_t) override {}
    bool read_line(std::string&) override { return false; }
};

// One session, one fake broker connection, one manual clock.
class Harness {
public:
    ~Harness() {
        session.reset();
        static NullLog null_log;
        static fake::ManualClock null_clock;
        fw::log::init(null_log, null_clock);
    }

    Harness() {
        fw::log::init(log, clock);
        fw::log::set_level(fw::log::Level::Debug);
        cfg.host = "broker.test";
        cfg.port = 8883;
        cfg.client_id = "dev-1";
        cfg.keep_alive_s = 10;
        cfg.backoff_base_ms = 1000;
        cfg.backoff_cap_ms = 60000;
        cfg.backoff_floor_ms = 200;
        cfg.stable_after_ms = 20000;
        cfg.connect_timeout_ms = 5000;
    }

    fw::net::MqttSession& make() {
        fw::net::MqttHandlers h;
        h.on_connected = [this](bool sp) { connected.push_back(sp); };
        h.on_disconnected = [this](const fw::net::MqttDisconnect& d) {
            disconnects.push_back(d);
            disconnect_times.push_back(clock.now_ms());
        };
        h.on_message = [this](const fw::net::MqttMessage& m) {
            fragments.push_back(m.offset);
            if (m.first()) partial = Received{std::string(m.topic), "", m.qos, m.retained, m.dup};
            EXPECT_EQ(partial.payload.size(), m.offset);
            partial.payload += text(m.data);
            EXPECT_EQ(m.total_len >= partial.payload.size(), true);
            if (m.last()) messages.push_back(partial);
        };
        h.on_published = [this](uint16_t id) { published.push_back(id); };
        h.on_subscribed = [this](uint16_t id, std::span<const uint8_t> granted) {
            subacks.push_back({id, Bytes(granted.begin(), granted.end())});
        };
        h.on_unsubscribed = [this](uint16_t id) { unsubacks.push_back(id); };
        session = std::make_unique<fw::net::MqttSession>(loop, rng, net, cfg, h);
        return *session;
    }

    // One loop iteration without letting time pass.
    void step(int n = 1) {
        for (int i = 0; i < n; ++i) loop.run_once(0);
    }
    // Runs the loop for `ms` of manual time (timers fire exactly at their deadlines).
    void run_for(uint64_t ms) {
        uint64_t end = clock.now_ms() + ms;
        while (clock.now_ms() < end) loop.run_once(static_cast<uint32_t>(end - clock.now_ms()));
        step();
    }
    // Runs until the client has opened a connection and written CONNECT (or `limit_ms` passes).
    bool run_until_connect_sent(uint64_t limit_ms = 200000) {
        uint64_t end = clock.now_ms() + limit_ms;
        while (clock.now_ms() < end) {
            if (session->state() == fw::net::MqttSession::State::AwaitConnack && net.open()) return true;
            loop.run_once(100);
        }
        return false;
    }
    // start() with every connection refused until `n` attempts have failed; small steps, so the
    // clock stops within 100 ms of the n-th failure. Connections are accepted again afterwards.
    void fail_attempts(size_t n) {
        if (!session) make();
        net.refuse_connect = true;
        if (session->state() == fw::net::MqttSession::State::Idle) {
            EXPECT_TRUE(session->start().ok());
        }
        while (disconnects.size() < n) loop.run_once(100);
        net.refuse_connect = false;
    }
    std::vector<Packet> sent() { return decode(net.take_sent()); }
    void push(const Bytes& b) { net.push(b); }

    // start() and complete the handshake; returns the CONNECT packet.
    Packet connect(bool session_present = false) {
        if (!session) make();
        if (session->state() == fw::net::MqttSession::State::Idle) {
            EXPECT_TRUE(session->start().ok());
        }
        EXPECT_TRUE(run_until_connect_sent());
        auto pk = sent();
        EXPECT_FALSE(pk.empty());
        EXPECT_EQ(pk.empty() ? mqtt::PacketType::Disconnect : pk[0].type(), mqtt::PacketType::Connect);
        push(connack(mqtt::ConnackCode::Accepted, session_present));
        step(2);
        EXPECT_TRUE(session->connected());
        return pk.empty() ? Packet{} : pk[0];
    }

    fake::ManualClock clock;
    fake::SeededRng rng{1234};
    fake::RecordingLog log;
    fw::EventLoop loop{clock};
    fake::FakeTransport net;
    fw::net::MqttConfig cfg;
    std::unique_ptr<fw::net::MqttSession> session;

    std::vector<bool> connected;
    std::vector<fw::net::MqttDisconnect> disconnects;
    std::vector<uint64_t> disconnect_times;
    std::vector<Received> messages;
    std::vector<size_t> fragments;  // offsets of every on_message call
    Received partial;
    std::vector<uint16_t> published;
    std::vector<std::pair<uint16_t, Bytes>> subacks;
    std::vector<uint16_t> unsubacks;
};

}  // namespace mqtt_test
