// Successful mutual-TLS connections to a real mosquitto: EC and RSA client certificates, session
// resumption, ALPN, and bulk data through the transport in both directions.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "firmware/net/tls/tls_transport.h"
#include "mqtt_wire.h"
#include "support/broker.h"
#include "tls_env.h"

namespace tlstest {
namespace {

using fw::net::LinkError;

class TlsConnect : public BrokerTest {
protected:
    // Connects with `cfg` and checks the broker answers MQTT CONNECT for `id`.
    void connect_and_talk(const fw::net::TlsConfig& cfg, const std::string& id) {
        ASSERT_TRUE(connect(cfg).ok()) << name_of(tls.last_error());
        reconnect_and_talk(id);
    }

    void reconnect_and_talk(const std::string& id) {
        if (!tls.connected()) {
            ASSERT_TRUE(connect_wait(tls, hal, broker.host(), broker.port()).ok()) << name_of(tls.last_error());
        }
        MqttWire wire(tls, hal);
        EXPECT_EQ(wire.connect(id), 0);
    }
};

TEST_F(TlsConnect, EcClientCertificateIsAcceptedAndNamesTheUser) {
    Device dev = device(broker.pki(), "dev-ec");
    ASSERT_NO_FATAL_FAILURE(connect_and_talk(dev.config(), "dev-ec"));
    EXPECT_TRUE(tls.connected());
    EXPECT_FALSE(tls.resumed());
    EXPECT_EQ(tls.last_error(), LinkError::None);
    EXPECT_STREQ(tls.tls_version(), "TLSv1.3");
    // use_identity_as_username: the broker took the certificate's CN as the user name.
    EXPECT_NE(broker.log().find("u'dev-ec'"), std::string::npos) << broker.log();
    EXPECT_TRUE(hal.log.contains("full handshake"));
}

TEST_F(TlsConnect, RsaClientCertificateIsAccepted) {
    testsupport::DeviceCertOptions rsa;
    rsa.rsa = true;
    ASSERT_TRUE(broker.pki().make_device("dev-rsa", rsa)) << broker.pki().error();
    Device dev = device(broker.pki(), "dev-rsa");
    ASSERT_NE(dev.pem.key.find("PRIVATE KEY"), std::string::npos);
    ASSERT_NO_FATAL_FAILURE(connect_and_talk(dev.config(), "dev-rsa"));
    EXPECT_NE(broker.log().find("u'dev-rsa'"), std::string::npos) << broker.log();
}

TEST_F(TlsConnect, ReconnectResumesTheSessionWithATicket) {
    Device dev = device(broker.pki(), "dev-ec");
    ASSERT_NO_FATAL_FAILURE(connect_and_talk(dev.config(), "dev-ec"));
    EXPECT_FALSE(tls.resumed());
    EXPECT_TRUE(tls.has_session());
    tls.close();
    EXPECT_FALSE(tls.connected());

    ASSERT_NO_FATAL_FAILURE(reconnect_and_talk("dev-ec"));
    EXPECT_TRUE(tls.resumed());
    EXPECT_TRUE(hal.log.contains("resumed handshake"));
    tls.close();
    ASSERT_NO_FATAL_FAILURE(reconnect_and_talk("dev-ec"));  // a resumed session can be resumed again
    EXPECT_TRUE(tls.resumed());
}

// Session ids exist in TLS 1.2 only; TLS 1.3 resumes with tickets alone.
TEST_F(TlsConnect, ReconnectResumesBySessionIdWithoutTickets) {
    Device dev = device(broker.pki(), "dev-ec");
    fw::net::TlsConfig cfg = dev.config();
    cfg.session_tickets = false;
    cfg.tls_max = fw::net::TlsVersion::Tls12;
    ASSERT_NO_FATAL_FAILURE(connect_and_talk(cfg, "dev-ec"));
    EXPECT_FALSE(tls.resumed());
    tls.close();
    ASSERT_NO_FATAL_FAILURE(reconnect_and_talk("dev-ec"));
    EXPECT_TRUE(tls.resumed());
}

TEST_F(TlsConnect, NoResumptionWhenDisabled) {
    Device dev = device(broker.pki(), "dev-ec");
    fw::net::TlsConfig cfg = dev.config();
    cfg.resume_sessions = false;
    ASSERT_NO_FATAL_FAILURE(connect_and_talk(cfg, "dev-ec"));
    EXPECT_FALSE(tls.has_session());
    tls.close();
    ASSERT_NO_FATAL_FAILURE(reconnect_and_talk("dev-ec"));
    EXPECT_FALSE(tls.resumed());
}

TEST_F(TlsConnect, ReconfiguringForgetsTheSession) {
    Device dev = device(broker.pki(), "dev-ec");
    ASSERT_NO_FATAL_FAILURE(connect_and_talk(dev.config(), "dev-ec"));
    ASSERT_TRUE(tls.has_session());
    ASSERT_TRUE(tls.configure(dev.config()).ok());
    EXPECT_FALSE(tls.connected());
    EXPECT_FALSE(tls.has_session());
    ASSERT_NO_FATAL_FAILURE(reconnect_and_talk("dev-ec"));
    EXPECT_FALSE(tls.resumed());
}

TEST_F(TlsConnect, OfferedAlpnIsOptionalForTheBroker) {
    Device dev = device(broker.pki(), "dev-ec");
    fw::net::TlsConfig cfg = dev.config();
    const char* protocols[] = {"mqtt", "x-amzn-mqtt-ca", nullptr};
    cfg.alpn = protocols;
    ASSERT_NO_FATAL_FAILURE(connect_and_talk(cfg, "dev-ec"));
    EXPECT_EQ(tls.alpn_protocol(), nullptr);  // mosquitto 2.0 does not negotiate ALPN
}

// A broker that stops reading fills the socket: send() then keeps a record mbedtls could only
// partly write and reports WouldBlock until it is flushed. Nothing may be lost or doubled.
TEST_F(TlsConnect, SendSurvivesAFullSocketAndThePayloadComesBackWhole) {
    Device dev = device(broker.pki(), "dev-ec");
    ASSERT_NO_FATAL_FAILURE(connect_and_talk(dev.config(), "dev-ec"));
    ASSERT_GT(tls.max_record_payload(), 0u);
    ASSERT_LE(tls.max_record_payload(), fw::net::TlsTransport::kOutContentBytes);
    MqttWire wire(tls, hal);
    const std::string topic = "devices/dev-ec/big";
    ASSERT_TRUE(wire.send(mqtt_subscribe(1, topic)));
    MqttPacket p;
    ASSERT_TRUE(wire.read(p));
    ASSERT_EQ(p.type(), kSuback);

    std::string payload(32 << 20, '\0');
    for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>('a' + (i * 7919) % 26);
    std::vector<uint8_t> publish = mqtt_publish(topic, payload);
    broker.pause();
    size_t off = 0;
    fw::Status st;
    while (off < publish.size()) {
        size_t n = 0;
        st = tls.send(publish.data() + off, publish.size() - off, n);
        off += n;
        if (!st.ok()) break;
        ASSERT_LE(n, tls.max_record_payload());
    }
    EXPECT_EQ(st.err(), fw::Err::WouldBlock) << "the socket never filled";
    size_t n = 1;
    EXPECT_EQ(tls.send(publish.data() + off, publish.size() - off, n).err(), fw::Err::WouldBlock);
    EXPECT_EQ(n, 0u);  // a blocked flush takes nothing new
    broker.resume();
    ASSERT_TRUE(wire.send(std::vector<uint8_t>(publish.begin() + static_cast<long>(off), publish.end()), 30000));
    ASSERT_TRUE(wire.read(p, 30000)) << fw::name_of(wire.last_status().err());
    ASSERT_EQ(p.type(), kPublish);
    ASSERT_EQ(p.body.size(), 2 + topic.size() + payload.size());
    EXPECT_EQ(std::string(p.body.begin() + 2, p.body.begin() + 2 + static_cast<long>(topic.size())), topic);
    EXPECT_TRUE(std::equal(payload.begin(), payload.end(), p.body.begin() + 2 + static_cast<long>(topic.size())));
}

}  // namespace
}  // namespace tlstest
