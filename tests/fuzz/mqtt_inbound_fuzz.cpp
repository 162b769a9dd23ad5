// libFuzzer harness for the MQTT inbound path: whatever a broker may send, through every codec
// parser and through a live MqttSession (fake transport, manual clock). Must never crash, read
// out of bounds, hit undefined behaviour or leak.
//
// Input: byte 0 steers the run, the rest is the broker's byte stream.
//   bits 0-5: bytes per transport recv() (0: as many as fit)
//   bit 6:    a 128-byte receive buffer (large PUBLISHes arrive in fragments) instead of 4 KiB
//   bit 7:    persistent session (clean_session = false)
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "fake_hal/fake_hal.h"
#include "fake_hal/fake_transport.h"
#include "firmware/core/event_loop.h"
#include "firmware/net/mqtt/mqtt_codec.h"
#include "firmware/net/mqtt/mqtt_session.h"
#include "fuzz_support.h"

namespace {

namespace mqtt = fw::net::mqtt;

volatile uint64_t g_sink;  // keeps the reads of delivered bytes from being optimised away

// Runs the parser for each packet's type over every packet in `in`, however it is cut.
void parse_all(std::span<const uint8_t> in) {
    while (!in.empty()) {
        mqtt::FixedHeader h;
        if (mqtt::decode_fixed_header(in, h) != mqtt::CodecError::None) return;
        auto body = in.subspan(h.size, std::min<size_t>(in.size() - h.size, h.remaining));
        mqtt::Publish pub;
        size_t head_len = 0;
        (void)mqtt::parse_publish_head(h.byte, body, pub, head_len);
        switch (h.type()) {
            case mqtt::PacketType::Connect: {
                mqtt::Connect c;
                (void)mqtt::parse_connect(h.byte, body, c);
                break;
            }
            case mqtt::PacketType::Connack: {
                mqtt::Connack c;
                (void)mqtt::parse_connack(h.byte, body, c);
                break;
            }
            case mqtt::PacketType::Publish: (void)mqtt::parse_publish(h.byte, body, pub); break;
            case mqtt::PacketType::Subscribe: {
                mqtt::TopicFilter storage[8];
                mqtt::Subscribe s;
                (void)mqtt::parse_subscribe(h.byte, body, storage, s);
                break;
            }
            case mqtt::PacketType::Suback: {
                mqtt::Suback s;
                (void)mqtt::parse_suback(h.byte, body, s);
                break;
            }
            case mqtt::PacketType::Unsubscribe: {
                std::string_view storage[8];
                mqtt::Unsubscribe u;
                (void)mqtt::parse_unsubscribe(h.byte, body, storage, u);
                break;
            }
            case mqtt::PacketType::Pingreq:
            case mqtt::PacketType::Pingresp:
            case mqtt::PacketType::Disconnect: (void)mqtt::parse_empty(h.byte, body); break;
            default: {
                mqtt::Ack a;
                (void)mqtt::parse_ack(h.byte, body, a);
            }
        }
        in = in.subspan(h.size + body.size());
    }
}

void run_session(uint8_t control, std::span<const uint8_t> stream) {
    fake::ManualClock clock;
    fake::SeededRng rng(control + 1u);
    fw::EventLoop loop(clock);
    fake::FakeTransport net;
    size_t chunk = control & 0x3F;
    net.recv_chunk = chunk == 0 ? SIZE_MAX : chunk;

    fw::net::MqttConfig cfg;
    cfg.host = "fuzz.broker";
    cfg.client_id = "fuzz";
    cfg.keep_alive_s = 5;
    cfg.rx_buffer = (control & 0x40) ? 128 : 4096;
    cfg.clean_session = !(control & 0x80);
    cfg.inflight_window = 2;
    cfg.outbox_bytes = 4096;

    fw::net::MqttSession* session = nullptr;
    uint64_t seen = 0;  // touch every byte handed to the app
    fw::net::MqttHandlers handlers;
    handlers.on_connected = [&](bool) {
        mqtt::TopicFilter f[] = {{"s/ds", 1}, {"devices/+/cmd/#", 2}};
        (void)session->subscribe(f);
        (void)session->unsubscribe("old/#");
    };
    handlers.on_message = [&](const fw::net::MqttMessage& m) {
        for (char c : m.topic) seen += static_cast<uint8_t>(c);
        for (uint8_t b : m.data) seen += b;
        seen += m.offset + m.total_len;
    };
    handlers.on_subscribed = [&](uint16_t, std::span<const uint8_t> granted) {
        for (uint8_t g : granted) seen += g;
    };
    fw::net::MqttSession s(loop, rng, net, cfg, handlers);
    session = &s;
    if (!s.start().ok()) __builtin_trap();
    // Ids 1 and 2 are in flight when the broker's bytes arrive, so its acks can match them.
    (void)s.publish("t/q1", "one", 1);
    (void)s.publish("t/q2", "two", 2);
    (void)s.publish("t/q0", "zero", 0);
    loop.run_once(0);  // connects and writes CONNECT
    net.push(stream);
    net.close_from_peer();
    for (int i = 0; i < 48; ++i) {
        loop.run_once(0);
        if (i % 4 == 3) clock.advance(2600);  // keep-alive, ping timeout, backoff, reconnect
        (void)net.take_sent();
    }
    s.stop();
    g_sink = seen;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    fuzz::init_log();
    if (size == 0) return 0;
    std::span<const uint8_t> stream(data + 1, size - 1);
    parse_all(stream);
    run_session(data[0], stream);
    return 0;
}
