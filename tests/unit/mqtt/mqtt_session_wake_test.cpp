// MqttSession never leaves work waiting for the event loop's idle timeout: every step of a
// connect, a burst of QoS 0 messages and QoS 1 round trips either runs at once or waits for an
// event that wakes the loop (the transport's socket becoming readable or writable).
#include <gtest/gtest.h>

#include <functional>

#include "mqtt_test_util.h"

using namespace mqtt_test;
using mqtt::PacketType;

namespace {

// A clock whose sleep ends at once when an event happens meanwhile, as the POSIX clock's poll()
// does for a socket: `event` plays the network and says whether anything became ready.
class EventClock : public fake::ManualClock {
public:
    std::function<bool()> event;
    void sleep_ms(uint32_t ms) override {
        if (!event || !event()) fake::ManualClock::sleep_ms(ms);
    }
};

// The broker and the socket between it and the session. Bytes the broker pushes are readable
// once; bytes left unread after that are held in the transport, where no event announces them
// (as a TLS record decrypted into mbedtls' buffer), which is the strictest model of a socket.
struct Network {
    static constexpr size_t kSocketBuffer = 8192;  // what send() takes before it would block

    fake::FakeTransport net;
    size_t qos0_received = 0;
    size_t qos1_received = 0;

    Network() {
        net.send_budget = kSocketBuffer;
        net.recv_chunk = 4;  // one PUBACK per recv(): a burst of acks takes many reads
    }
    bool event() {
        if (net.connecting()) return true;  // the TCP/TLS connect progresses on socket events
        bool ready = false;
        if (net.send_budget < kSocketBuffer) {  // the peer read what was written: writable again
            net.send_budget = kSocketBuffer;
            ready = true;
        }
        for (const Packet& p : complete_packets()) {
            if (p.type() == PacketType::Connect) {
                net.push(connack());
                ready = true;
            } else if (p.type() == PacketType::Publish && p.as_publish().qos == 0) {
                ++qos0_received;
            } else if (p.type() == PacketType::Publish) {
                ++qos1_received;
                net.push(ack(PacketType::Puback, p.packet_id()));
                ready = true;
            }
        }
        return ready;
    }

private:
    // The packets written so far in full; a packet the socket took only part of stays for later.
    std::vector<Packet> complete_packets() {
        Bytes more = net.take_sent();
        stream_.insert(stream_.end(), more.begin(), more.end());
        size_t whole = 0;
        for (;;) {
            mqtt::FixedHeader h;
            auto rest = std::span<const uint8_t>(stream_).subspan(whole);
            if (mqtt::decode_fixed_header(rest, h) != mqtt::CodecError::None) break;
            if (rest.size() < h.size + size_t{h.remaining}) break;
            whole += h.size + h.remaining;
        }
        std::vector<Packet> out = decode(Bytes(stream_.begin(), stream_.begin() + static_cast<std::ptrdiff_t>(whole)));
        stream_.erase(stream_.begin(), stream_.begin() + static_cast<std::ptrdiff_t>(whole));
        return out;
    }

    Bytes stream_;
};

struct Outcome {
    uint64_t elapsed_ms = 0;
    uint32_t idle_timeouts = 0;
    bool finished = false;
};

// A connect, a burst of 1000 QoS 0 messages, then 200 QoS 1 messages acknowledged in bursts,
// with the loop's idle wait set to `idle_wait_ms`.
Outcome run_scenario(uint32_t idle_wait_ms) {
    EventClock clock;
    fake::SeededRng rng{7};
    fw::EventLoop loop{clock};
    Network broker;
    // The phase that is running is done: the test (the app) has the next step to take, which
    // is an event too (on a device, the app publishes from a timer or a handler).
    std::function<bool()> done;
    clock.event = [&broker, &done] { return broker.event() || done(); };
    broker.net.connect_polls = 3;
    fw::net::MqttConfig cfg;
    cfg.host = "broker.test";
    cfg.client_id = "dev-1";
    cfg.outbox_bytes = 512 * 1024;
    cfg.inflight_window = 64;  // acks arrive in bursts larger than the session reads per iteration
    fw::net::MqttHandlers h;
    bool connected = false;
    size_t acked = 0;
    h.on_connected = [&connected](bool) { connected = true; };
    h.on_published = [&acked](uint16_t) { ++acked; };
    fw::net::MqttSession session(loop, rng, broker.net, cfg, h);

    Outcome out;
    auto run_until = [&](std::function<bool()> phase) {
        done = std::move(phase);
        for (int i = 0; i < 100000 && !done(); ++i) loop.run_once(idle_wait_ms);
        return done();
    };
    EXPECT_TRUE(session.start().ok());
    bool ok = run_until([&] { return connected; });
    const std::string payload(100, 'x');
    for (int i = 0; ok && i < 1000; ++i) ok = session.publish("devices/dev-1/t", payload, 0).ok();
    ok = ok && run_until([&] { return broker.qos0_received == 1000; });
    for (int i = 0; ok && i < 200; ++i) ok = session.publish("devices/dev-1/t", payload, 1).ok();
    ok = ok && run_until([&] { return acked == 200; });
    out.finished = ok;
    out.elapsed_ms = clock.now_ms();
    out.idle_timeouts = loop.idle_timeouts();
    return out;
}

}  // namespace

TEST(MqttSessionWake, NothingWaitsForTheLoopsIdleTimeout) {
    Outcome slow = run_scenario(10000);
    Outcome fast = run_scenario(1);
    ASSERT_TRUE(slow.finished);
    ASSERT_TRUE(fast.finished);
    EXPECT_EQ(slow.idle_timeouts, 0u);
    EXPECT_EQ(slow.elapsed_ms, fast.elapsed_ms);
}
