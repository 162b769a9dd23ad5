// MqttSession + TlsTransport + the POSIX HAL against mosquitto with mutual TLS: QoS 0/1/2 round
// trips, and a broker restarted in the middle of a stream of QoS 1/2 messages: nothing lost,
// QoS 2 delivered once, reconnect with backoff, TLS session resumed on a later reconnect.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "firmware/core/event_loop.h"
#include "firmware/net/mqtt/mqtt_session.h"
#include "integration/tls/tls_env.h"
#include "support/temp_dir.h"

namespace {

using fw::net::MqttSession;

// One device: its TLS transport and MQTT session on the shared loop.
struct Client {
    Client(tlstest::PosixHal& hal, fw::EventLoop& loop, testsupport::TestBroker& broker, const std::string& id,
           fw::net::MqttHandlers handlers)
        : dev(tlstest::device(broker.pki(), id)), tls(hal.net, hal.clock, hal.rng) {
        EXPECT_TRUE(tls.configure(dev.config()).ok());
        fw::net::MqttConfig c;
        c.host = broker.host();
        c.port = broker.port();
        c.client_id = id;
        c.clean_session = false;
        c.keep_alive_s = 10;
        c.backoff_base_ms = 200;
        c.backoff_floor_ms = 100;
        c.backoff_cap_ms = 1000;
        c.outbox_bytes = 256 * 1024;
        session = std::make_unique<MqttSession>(loop, hal.rng, tls, c, std::move(handlers));
        EXPECT_TRUE(session->start().ok());
    }
    tlstest::Device dev;
    fw::net::TlsTransport tls;
    std::unique_ptr<MqttSession> session;
};

class MqttBrokerTest : public ::testing::Test {
protected:
    MqttBrokerTest() : broker(options(store)) {}
    static testsupport::BrokerOptions options(const testsupport::TempDir& dir) {
        // The broker runs as user mosquitto when started as root: let it write its database.
        std::filesystem::permissions(dir.path(), std::filesystem::perms::all);
        testsupport::BrokerOptions o;
        o.acl_lines = {"user observer", "topic read devices/#"};
        o.extra_config = "persistence true\npersistence_location " + dir.path() + "/\n";
        return o;
    }
    void SetUp() override {
        ASSERT_TRUE(broker.start()) << broker.error();
        ASSERT_TRUE(broker.pki().make_device("pub-1")) << broker.pki().error();
        ASSERT_TRUE(broker.pki().make_device("observer")) << broker.pki().error();
    }
    // Runs the loop until `done` or `limit_ms` of real time.
    template <class F>
    bool run_until(F done, uint32_t limit_ms) {
        uint64_t end = hal.clock.now_ms() + limit_ms;
        while (!done()) {
            if (hal.clock.now_ms() >= end) return false;
            loop.run_once(20);
        }
        return true;
    }
    fw::net::MqttHandlers observer_handlers() {
        fw::net::MqttHandlers h;
        h.on_connected = [this](bool session_present) {
            if (!session_present) {
                EXPECT_TRUE(observer->session->subscribe("devices/pub-1/#", 2).ok());
            }
        };
        h.on_subscribed = [this](uint16_t, std::span<const uint8_t>) { subscribed = true; };
        h.on_message = [this](const fw::net::MqttMessage& m) {
            received[std::string(m.topic) + " " + std::string(m.data.begin(), m.data.end())] += 1;
        };
        return h;
    }

    testsupport::TempDir store{"mqttdb"};
    testsupport::TestBroker broker;
    tlstest::PosixHal hal;
    fw::EventLoop loop{hal.clock};
    std::unique_ptr<Client> observer;
    bool subscribed = false;
    std::map<std::string, int> received;
};

TEST_F(MqttBrokerTest, Qos0To2RoundTrips) {
    observer = std::make_unique<Client>(hal, loop, broker, "observer", observer_handlers());
    int acked = 0;
    fw::net::MqttHandlers ph;
    ph.on_published = [&acked](uint16_t) { ++acked; };
    Client pub(hal, loop, broker, "pub-1", ph);
    ASSERT_TRUE(run_until([&] { return subscribed && pub.session->connected(); }, 15000));
    for (uint8_t q = 0; q <= 2; ++q)
        ASSERT_TRUE(pub.session->publish("devices/pub-1/q" + std::to_string(q), "hello " + std::to_string(q), q).ok());
    ASSERT_TRUE(run_until([&] { return received.size() == 3 && acked == 2; }, 15000));
    EXPECT_EQ(received["devices/pub-1/q0 hello 0"], 1);
    EXPECT_EQ(received["devices/pub-1/q1 hello 1"], 1);
    EXPECT_EQ(received["devices/pub-1/q2 hello 2"], 1);
}

TEST_F(MqttBrokerTest, BrokerRestartMidStreamLosesNothingAndDuplicatesNoQos2) {
    observer = std::make_unique<Client>(hal, loop, broker, "observer", observer_handlers());
    std::vector<fw::net::MqttDisconnect> drops;
    fw::net::MqttHandlers ph;
    ph.on_disconnected = [&drops](const fw::net::MqttDisconnect& d) { drops.push_back(d); };
    Client pub(hal, loop, broker, "pub-1", ph);
    ASSERT_TRUE(run_until([&] { return subscribed && pub.session->connected(); }, 15000));

    constexpr int kMessages = 200;
    for (int i = 0; i < kMessages; ++i) {
        uint8_t qos = (i % 2) ? 2 : 1;
        ASSERT_TRUE(pub.session->publish("devices/pub-1/seq", std::to_string(i) + "/" + std::to_string(qos), qos).ok());
        loop.run_once(0);
        if (i == kMessages / 2) {
            broker.stop();  // mid-stream: some messages in flight, the rest queue in the outbox
            run_until([] { return false; }, 300);
            ASSERT_TRUE(broker.start()) << broker.error();
        }
    }
    ASSERT_TRUE(run_until([&] { return received.size() == kMessages; }, 30000))
        << "received " << received.size() << " of " << kMessages;
    for (int i = 0; i < kMessages; ++i) {
        uint8_t qos = (i % 2) ? 2 : 1;
        int n = received["devices/pub-1/seq " + std::to_string(i) + "/" + std::to_string(qos)];
        if (qos == 2) {
            EXPECT_EQ(n, 1) << "QoS 2 message " << i;
        } else {
            EXPECT_GE(n, 1) << "QoS 1 message " << i;
        }
    }
    EXPECT_FALSE(drops.empty());
    EXPECT_GE(pub.session->connections(), 2u);
    EXPECT_GE(drops.front().retry_in_ms, 100u) << "a reconnect waits its backoff";

    // A later reconnect to the same broker resumes the TLS session (no certificate exchange).
    pub.session->stop();
    ASSERT_TRUE(pub.session->start().ok());
    ASSERT_TRUE(run_until([&] { return pub.session->connected(); }, 15000));
    EXPECT_TRUE(pub.tls.resumed());
}

}  // namespace
