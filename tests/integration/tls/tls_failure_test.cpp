// Connections that must fail, each with its own reason: untrusted or expired server, wrong name,
// a client certificate the broker refuses, a server that never answers, peers that vanish.
#include <gtest/gtest.h>

#include <string>

#include "firmware/net/tls/tls_transport.h"
#include "mqtt_wire.h"
#include "support/broker.h"
#include "support/tcp.h"
#include "support/temp_dir.h"
#include "tls_env.h"

namespace tlstest {
namespace {

using fw::Err;
using fw::net::LinkError;

class TlsFailure : public BrokerTest {
protected:
    // The connect failed for `reason`, and the firmware logged an error line naming it.
    void expect_failure(fw::Status st, LinkError reason) {
        EXPECT_FALSE(st.ok());
        EXPECT_NE(st.err(), Err::WouldBlock);
        EXPECT_EQ(tls.last_error(), reason) << name_of(tls.last_error());
        EXPECT_FALSE(tls.connected());
        EXPECT_TRUE(hal.log.contains(std::string("failed: ") + name_of(reason)));
    }
};

TEST_F(TlsFailure, ServerFromAnotherCaIsUntrusted) {
    ASSERT_TRUE(broker.pki().make_rogue()) << broker.pki().error();
    Device dev = device(broker.pki(), "dev-ec");
    std::string rogue_ca = testsupport::read_file(broker.pki().rogue_ca_file());
    fw::net::TlsConfig cfg = dev.config();
    cfg.ca_pem = rogue_ca.c_str();
    fw::Status st = connect(cfg);
    expect_failure(st, LinkError::CertUntrusted);
    EXPECT_EQ(st.err(), Err::VerifyFailed);
    EXPECT_TRUE(hal.log.contains("not correctly signed by the trusted CA"));
}

TEST_F(TlsFailure, WrongServerNameIsAMismatch) {
    Device dev = device(broker.pki(), "dev-ec");
    fw::net::TlsConfig cfg = dev.config();
    cfg.server_name = "broker.example.com";
    fw::Status st = connect(cfg);
    expect_failure(st, LinkError::HostnameMismatch);
    EXPECT_EQ(st.err(), Err::VerifyFailed);
}

// Without a server name the host is checked: mbedtls 3.6 matches an IP address against the
// certificate's iPAddress names (the broker's has 127.0.0.1; WrongServerNameIsAMismatch is the
// failing case).
TEST_F(TlsFailure, HostIsTheDefaultServerNameAndMatchesTheIpAddress) {
    Device dev = device(broker.pki(), "dev-ec");
    fw::net::TlsConfig cfg = dev.config();
    cfg.server_name = nullptr;
    EXPECT_TRUE(connect(cfg).ok()) << name_of(tls.last_error());
    EXPECT_TRUE(tls.connected());
}

TEST_F(TlsFailure, ExpiredServerCertificate) {
    ASSERT_TRUE(broker.pki().make_server("localhost", "expired", true)) << broker.pki().error();
    testsupport::BrokerOptions opts;
    opts.pki_dir = broker.pki().dir();
    opts.server_cert = broker.pki().path("servers/expired.chain.pem");
    opts.server_key = broker.pki().path("servers/expired.key");
    testsupport::TestBroker expired(opts);
    ASSERT_TRUE(expired.start()) << expired.error();
    Device dev = device(broker.pki(), "dev-ec");
    ASSERT_TRUE(tls.configure(dev.config()).ok());
    fw::Status st = connect_wait(tls, hal, expired.host(), expired.port());
    expect_failure(st, LinkError::CertExpired);
    EXPECT_EQ(st.err(), Err::VerifyFailed);
}

// In TLS 1.2 the broker's alert is plaintext and names the reason (TLS 1.3: below).
TEST_F(TlsFailure, BrokerRefusesExpiredClientCertificate) {
    testsupport::DeviceCertOptions old;
    old.expired = true;
    ASSERT_TRUE(broker.pki().make_device("dev-old", old)) << broker.pki().error();
    Device dev = device(broker.pki(), "dev-old");
    fw::net::TlsConfig cfg = dev.config();
    cfg.tls_max = fw::net::TlsVersion::Tls12;
    expect_failure(connect(cfg), LinkError::CertExpired);
    EXPECT_TRUE(hal.log.contains("certificate_expired"));
    EXPECT_FALSE(tls.has_session());
}

TEST_F(TlsFailure, BrokerRefusesClientCertificateFromAnotherCa) {
    ASSERT_TRUE(broker.pki().make_rogue("dev-rogue")) << broker.pki().error();
    Device dev = device(broker.pki(), "dev-rogue");
    fw::net::TlsConfig cfg = dev.config();
    cfg.tls_max = fw::net::TlsVersion::Tls12;
    fw::Status st = connect(cfg);
    expect_failure(st, LinkError::PeerRejectedCert);
    EXPECT_EQ(st.err(), Err::Refused);
    EXPECT_TRUE(hal.log.contains("unknown_ca"));
}

// In TLS 1.3 the client's handshake ends before the broker has judged its certificate: the
// refusal comes as an encrypted alert (which mbedtls does not name) and a reset, so the first
// exchange fails. Which of the two the device sees first depends on timing.
TEST_F(TlsFailure, BrokerRefusesClientCertificateAfterATls13Handshake) {
    ASSERT_TRUE(broker.pki().make_rogue("dev-rogue")) << broker.pki().error();
    Device dev = device(broker.pki(), "dev-rogue");
    // The client's side of a TLS 1.3 handshake ends before the broker has checked the client
    // certificate, so the refusal lands either in the handshake's last read or in the first
    // exchange after it, depending on which comes first on the wire. Either way it is a refusal.
    if (connect(dev.config()).ok()) {
        EXPECT_STREQ(tls.tls_version(), "TLSv1.3");
        MqttWire wire(tls, hal);
        EXPECT_NE(wire.connect("dev-rogue"), 0);
    }
    EXPECT_FALSE(tls.connected());
    const LinkError e = tls.last_error();
    EXPECT_TRUE(e == LinkError::PeerRejectedCert || e == LinkError::PeerClosed) << name_of(e);
    EXPECT_FALSE(tls.has_session());
}

TEST_F(TlsFailure, ServerThatNeverAnswersTimesOut) {
    testsupport::TcpStub silent;
    ASSERT_TRUE(silent.listen());
    Device dev = device(broker.pki(), "dev-ec");
    fw::net::TlsConfig cfg = dev.config();
    cfg.handshake_timeout_ms = 300;
    ASSERT_TRUE(tls.configure(cfg).ok());
    uint64_t start = hal.clock.now_ms();
    fw::Status st = connect_wait(tls, hal, "127.0.0.1", silent.port(), 5000);
    expect_failure(st, LinkError::HandshakeTimeout);
    EXPECT_EQ(st.err(), Err::Timeout);
    EXPECT_GE(hal.clock.now_ms() - start, 300u);
    EXPECT_GT(silent.pump(), 0u);  // our ClientHello reached the server
}

TEST_F(TlsFailure, PeerHangingUpMidHandshakeIsPeerClosed) {
    testsupport::TcpStub stub;
    ASSERT_TRUE(stub.listen());
    Device dev = device(broker.pki(), "dev-ec");
    ASSERT_TRUE(tls.configure(dev.config()).ok());
    ASSERT_TRUE(tls.start_connect("127.0.0.1", stub.port()).ok());
    uint64_t deadline = hal.clock.now_ms() + 5000;
    while (stub.pump() == 0 && hal.clock.now_ms() < deadline) {
        ASSERT_EQ(tls.poll_connect().err(), Err::WouldBlock);
        hal.clock.sleep_ms(5);
    }
    ASSERT_GT(stub.pump(), 0u);
    stub.hang_up();
    fw::Status st = tls.poll_connect();
    while (st.err() == Err::WouldBlock && hal.clock.now_ms() < deadline) {
        hal.clock.sleep_ms(5);
        st = tls.poll_connect();
    }
    expect_failure(st, LinkError::PeerClosed);
    EXPECT_EQ(st.err(), Err::Closed);
}

TEST_F(TlsFailure, BrokerKilledMidHandshake) {
    Device dev = device(broker.pki(), "dev-ec");
    ASSERT_TRUE(tls.configure(dev.config()).ok());
    ASSERT_TRUE(tls.start_connect(broker.host(), broker.port()).ok());
    broker.pause();  // a local broker would otherwise finish the handshake within one poll
    fw::Status st = tls.poll_connect();
    ASSERT_EQ(st.err(), Err::WouldBlock);  // TCP is up (the kernel accepted), ClientHello is out
    broker.kill();
    uint64_t deadline = hal.clock.now_ms() + 5000;
    while (st.err() == Err::WouldBlock && hal.clock.now_ms() < deadline) {
        hal.clock.sleep_ms(5);
        st = tls.poll_connect();
    }
    expect_failure(st, LinkError::PeerClosed);
    EXPECT_EQ(st.err(), Err::Closed);
}

TEST_F(TlsFailure, BrokerKilledMidConnectionThenBack) {
    Device dev = device(broker.pki(), "dev-ec");
    ASSERT_TRUE(connect(dev.config()).ok()) << name_of(tls.last_error());
    {
        MqttWire wire(tls, hal);
        ASSERT_EQ(wire.connect("dev-ec"), 0);
        broker.kill();
        MqttPacket p;
        EXPECT_FALSE(wire.read(p));
        EXPECT_EQ(wire.last_status().err(), Err::Closed);
    }
    EXPECT_EQ(tls.last_error(), LinkError::PeerClosed);
    EXPECT_TRUE(hal.log.contains("lost: peer closed the connection"));
    size_t n = 1;
    const uint8_t ping[] = {0xC0, 0x00};
    EXPECT_EQ(tls.send(ping, sizeof ping, n).err(), Err::Closed);
    EXPECT_EQ(n, 0u);
    tls.close();

    ASSERT_TRUE(broker.restart()) << broker.error();
    ASSERT_TRUE(connect_wait(tls, hal, broker.host(), broker.port()).ok()) << name_of(tls.last_error());
    EXPECT_FALSE(tls.resumed());  // a new broker process knows neither our ticket nor our session id
    MqttWire wire(tls, hal);
    EXPECT_EQ(wire.connect("dev-ec"), 0);
}

TEST_F(TlsFailure, StoppedBrokerRefusesTheConnection) {
    Device dev = device(broker.pki(), "dev-ec");
    broker.stop();
    fw::Status st = connect(dev.config());
    expect_failure(st, LinkError::ConnectRefused);
    EXPECT_EQ(st.err(), Err::Refused);
}

}  // namespace
}  // namespace tlstest
