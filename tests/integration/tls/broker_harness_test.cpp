// The TestBroker harness itself: the per-device ACL, extra ACL lines, restarts on the same port,
// and the optional plain listener, so tests built on it can trust what it promises.
#include <gtest/gtest.h>

#include <string>

#include "firmware/net/tls/tls_transport.h"
#include "mqtt_wire.h"
#include "support/broker.h"
#include "support/tcp.h"
#include "tls_env.h"

namespace tlstest {
namespace {

// MQTT without TLS over hal::Net, for the plain listener.
class PlainTcp : public fw::net::Transport {
public:
    explicit PlainTcp(hal::Net& net) : net_(net) {}
    ~PlainTcp() override { close(); }
    fw::Status start_connect(const char* host, uint16_t port) override {
        return fw::from_hal(net_.connect(host, port, s_));
    }
    fw::Status poll_connect() override { return fw::from_hal(net_.connect_result(s_)); }
    fw::Status send(const uint8_t* data, size_t len, size_t& n) override {
        return fw::from_hal(net_.send(s_, data, len, n));
    }
    fw::Status recv(uint8_t* buf, size_t cap, size_t& n) override { return fw::from_hal(net_.recv(s_, buf, cap, n)); }
    void close() override {
        net_.close(s_);
        s_ = hal::kNoSocket;
    }
    fw::net::LinkError last_error() const override { return fw::net::LinkError::None; }

private:
    hal::Net& net_;
    hal::Socket s_ = hal::kNoSocket;
};

bool subscribe(MqttWire& wire, uint16_t id, const std::string& topic) {
    MqttPacket p;
    return wire.send(mqtt_subscribe(id, topic)) && wire.read(p) && p.type() == kSuback;
}

// Publishes and waits until the same client gets it back (it must be subscribed): then the
// broker has routed it to everyone who may see it.
bool publish_routed(MqttWire& wire, const std::string& topic, const std::string& payload) {
    MqttPacket p;
    return wire.send(mqtt_publish(topic, payload)) && wire.read(p) && p.type() == kPublish;
}

// The topic of the next PUBLISH the client receives, "" if none comes.
std::string next_publish_topic(MqttWire& wire) {
    MqttPacket p;
    if (!wire.read(p) || p.type() != kPublish || p.body.size() < 2) return "";
    size_t len = static_cast<size_t>(p.body[0] << 8 | p.body[1]);
    return std::string(p.body.begin() + 2, p.body.begin() + 2 + static_cast<long>(len));
}

// A TLS client of the test broker with its own transport, for tests with several devices.
struct Client {
    explicit Client(PosixHal& hal) : tls(hal.net, hal.clock, hal.rng), wire(tls, hal) {}
    // Makes device `id` in the broker's PKI, then connects: TLS, MQTT CONNECT, CONNACK 0.
    bool connect(testsupport::TestBroker& broker, PosixHal& hal, const std::string& id) {
        if (!broker.pki().make_device(id)) return false;
        Device dev = device(broker.pki(), id);
        return tls.configure(dev.config()).ok() && connect_wait(tls, hal, broker.host(), broker.port()).ok() &&
               wire.connect(id) == 0;
    }
    fw::net::TlsTransport tls;
    MqttWire wire;
};

class BrokerHarness : public BrokerTest {};

// Subscribing to another device's topics is granted but nothing is delivered, and publishing
// there is dropped: mosquitto enforces the ACL when routing, not in SUBACK.
TEST_F(BrokerHarness, AclKeepsEachDeviceInItsOwnTopics) {
    Client a(hal), b(hal);
    ASSERT_TRUE(a.connect(broker, hal, "dev-a"));
    ASSERT_TRUE(b.connect(broker, hal, "dev-b"));
    ASSERT_TRUE(subscribe(a.wire, 1, "devices/dev-b/#"));
    ASSERT_TRUE(subscribe(a.wire, 2, "devices/dev-a/#"));
    ASSERT_TRUE(subscribe(b.wire, 1, "devices/dev-b/#"));
    ASSERT_TRUE(b.wire.send(mqtt_publish("devices/dev-a/cmd", "from b")));  // b may not write there
    ASSERT_TRUE(publish_routed(b.wire, "devices/dev-b/secret", "for b only"));
    ASSERT_TRUE(a.wire.send(mqtt_publish("devices/dev-a/marker", "")));
    EXPECT_EQ(next_publish_topic(a.wire), "devices/dev-a/marker");
}

TEST(BrokerHarnessOptions, ExtraAclLinesGrantMore) {
    testsupport::BrokerOptions opts;
    opts.acl_lines = {"user platform", "topic read devices/#"};
    testsupport::TestBroker broker(opts);
    ASSERT_TRUE(broker.start()) << broker.error();
    PosixHal hal;
    Client platform(hal), dev(hal);
    ASSERT_TRUE(platform.connect(broker, hal, "platform"));
    ASSERT_TRUE(dev.connect(broker, hal, "dev-a"));
    ASSERT_TRUE(subscribe(platform.wire, 1, "devices/+/telemetry"));
    ASSERT_TRUE(subscribe(dev.wire, 1, "devices/dev-a/telemetry"));
    ASSERT_TRUE(publish_routed(dev.wire, "devices/dev-a/telemetry", "21.5"));
    EXPECT_EQ(next_publish_topic(platform.wire), "devices/dev-a/telemetry");
}

TEST_F(BrokerHarness, RestartKeepsThePort) {
    uint16_t port = broker.port();
    pid_t first = broker.pid();
    ASSERT_TRUE(broker.restart()) << broker.error();
    EXPECT_EQ(broker.port(), port);
    EXPECT_NE(broker.pid(), first);
    EXPECT_TRUE(broker.running());
    Client dev(hal);
    EXPECT_TRUE(dev.connect(broker, hal, "dev-a"));
}

TEST_F(BrokerHarness, KillAndStopEndTheProcess) {
    broker.kill();
    EXPECT_FALSE(broker.running());
    EXPECT_FALSE(testsupport::port_accepts(broker.port()));
    ASSERT_TRUE(broker.start()) << broker.error();
    EXPECT_TRUE(testsupport::port_accepts(broker.port()));
    broker.stop();
    EXPECT_FALSE(broker.running());
    EXPECT_NE(broker.log().find("mosquitto version"), std::string::npos);
}

TEST(BrokerHarnessOptions, PlainListenerTakesAnonymousClients) {
    testsupport::BrokerOptions opts;
    opts.plain_listener = true;
    testsupport::TestBroker broker(opts);
    ASSERT_TRUE(broker.start()) << broker.error();
    ASSERT_NE(broker.plain_port(), 0);
    ASSERT_NE(broker.plain_port(), broker.port());
    PosixHal hal;
    PlainTcp plain(hal.net);
    ASSERT_TRUE(plain.start_connect(broker.host(), broker.plain_port()).ok());
    fw::Status st = plain.poll_connect();
    for (int i = 0; i < 200 && st.err() == fw::Err::WouldBlock; ++i) {
        hal.clock.sleep_ms(5);
        st = plain.poll_connect();
    }
    ASSERT_TRUE(st.ok());
    MqttWire observer(plain, hal);
    ASSERT_EQ(observer.connect("observer"), 0);
    ASSERT_TRUE(subscribe(observer, 1, "#"));  // observers see everything

    // The TLS listener still requires a client certificate of the PKI and applies the ACL.
    Client dev(hal);
    ASSERT_TRUE(dev.connect(broker, hal, "dev-a"));
    ASSERT_TRUE(subscribe(dev.wire, 1, "devices/dev-a/#"));
    ASSERT_TRUE(publish_routed(dev.wire, "devices/dev-a/telemetry", "1"));
    EXPECT_EQ(next_publish_topic(observer), "devices/dev-a/telemetry");
}

}  // namespace
}  // namespace tlstest
