// TlsTransport against a scripted network and a manual clock: configuration errors, DNS and
// connect failures, both timeouts to the millisecond, what the ClientHello carries (TLS 1.3 and
// 1.2 as configured, SNI, ALPN), and a peer that goes away mid-handshake. Credentials come from the
// test PKI: nothing here talks to a server that would check them.
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <string>
#include <vector>

#include "fake_hal/fake_hal.h"
#include "fake_hal/fake_udp.h"
#include "firmware/core/log.h"
#include "firmware/net/tls/tls_transport.h"
#include "support/pki.h"
#include "support/temp_dir.h"

namespace {

using fw::Err;
using fw::net::LinkError;
using fw::net::TlsConfig;
using fw::net::TlsTransport;

// One socket; each call answers from the fields below and records what the client did.
class ScriptedNet : public fake::NetWithDatagrams {
public:
    hal::Status connect(const char* host, uint16_t, hal::Socket& out) override {
        last_host = host;
        if (connect_status != hal::Status::Ok) return connect_status;
        out = 3;
        open = true;
        return hal::Status::Ok;
    }
    hal::Status connect_result(hal::Socket) override { return result_status; }
    hal::Status send(hal::Socket, const void* data, size_t len, size_t& sent) override {
        sent = 0;
        if (send_status != hal::Status::Ok) return send_status;
        const auto* p = static_cast<const uint8_t*>(data);
        wire.insert(wire.end(), p, p + len);
        sent = len;
        return hal::Status::Ok;
    }
    hal::Status recv(hal::Socket, void* buf, size_t cap, size_t& got) override {
        got = 0;
        if (recv_script.empty()) return recv_status;
        auto [st, bytes] = recv_script.front();
        recv_script.pop_front();
        got = std::min(cap, bytes.size());
        std::copy_n(bytes.begin(), got, static_cast<uint8_t*>(buf));
        return st;
    }
    void close(hal::Socket) override {
        open = false;
        ++closes;
    }

    hal::Status connect_status = hal::Status::Ok;
    hal::Status result_status = hal::Status::Ok;
    hal::Status send_status = hal::Status::Ok;
    hal::Status recv_status = hal::Status::WouldBlock;  // once recv_script is used up
    std::deque<std::pair<hal::Status, std::vector<uint8_t>>> recv_script;
    std::vector<uint8_t> wire;  // everything the client sent
    std::string last_host;
    bool open = false;
    int closes = 0;
};

// An EC device, an RSA device and another EC device of one PKI, made once for the whole file.
struct Identities {
    testsupport::DevicePem ec, rsa, other;
};
const Identities& ids() {
    static testsupport::TempDir dir("tls-unit-pki");
    static const Identities i = [] {
        testsupport::Pki pki(dir.path());
        testsupport::DeviceCertOptions rsa;
        rsa.rsa = true;
        bool ok =
            pki.init() && pki.make_device("dev-ec") && pki.make_device("dev-rsa", rsa) && pki.make_device("dev-1");
        EXPECT_TRUE(ok) << pki.error();
        return Identities{pki.device_pem("dev-ec"), pki.device_pem("dev-rsa"), pki.device_pem("dev-1")};
    }();
    return i;
}

// The supported_versions extension of a ClientHello (RFC 8446 4.2.1) offering 1.3 and 1.2,
// or 1.3 alone.
const std::string kOffers13And12("\x00\x2b\x00\x05\x04\x03\x04\x03\x03", 9);
const std::string kOffers13Only("\x00\x2b\x00\x03\x02\x03\x04", 7);

class TlsTransportTest : public ::testing::Test {
protected:
    void SetUp() override { fw::log::init(log, clock); }

    TlsConfig config() const {
        TlsConfig cfg;
        cfg.ca_pem = ids().ec.ca.c_str();
        cfg.cert_pem = ids().ec.chain.c_str();
        cfg.key_pem = ids().ec.key.c_str();
        cfg.server_name = "broker.test";
        return cfg;
    }

    bool wire_contains(const std::string& s) const {
        return std::search(net.wire.begin(), net.wire.end(), s.begin(), s.end()) != net.wire.end();
    }

    ScriptedNet net;
    fake::ManualClock clock;
    fake::SeededRng rng;
    fake::RecordingLog log;
    TlsTransport tls{net, clock, rng};
};

TEST_F(TlsTransportTest, GarbageCertificateIsBadConfig) {
    TlsConfig cfg = config();
    cfg.cert_pem = "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n";
    EXPECT_EQ(tls.configure(cfg).err(), Err::InvalidArg);
    EXPECT_EQ(tls.last_error(), LinkError::BadConfig);
    EXPECT_TRUE(log.contains("client certificate does not parse"));
    EXPECT_EQ(tls.start_connect("h", 1).err(), Err::BadState);
    EXPECT_EQ(net.last_host, "");
}

TEST_F(TlsTransportTest, MissingCaIsBadConfig) {
    TlsConfig cfg = config();
    cfg.ca_pem = nullptr;
    EXPECT_EQ(tls.configure(cfg).err(), Err::InvalidArg);
    EXPECT_TRUE(log.contains("no CA certificate"));
}

TEST_F(TlsTransportTest, KeyOfAnotherDeviceIsBadConfig) {
    TlsConfig cfg = config();
    cfg.key_pem = ids().other.key.c_str();
    EXPECT_EQ(tls.configure(cfg).err(), Err::InvalidArg);
    EXPECT_TRUE(log.contains("does not belong to the client certificate"));
}

TEST_F(TlsTransportTest, RsaClientCertificateIsAccepted) {
    TlsConfig cfg = config();
    cfg.cert_pem = ids().rsa.chain.c_str();
    cfg.key_pem = ids().rsa.key.c_str();
    EXPECT_TRUE(tls.configure(cfg).ok());
}

TEST_F(TlsTransportTest, CertificateWithoutKeyIsBadConfig) {
    TlsConfig cfg = config();
    cfg.key_pem = nullptr;
    EXPECT_EQ(tls.configure(cfg).err(), Err::InvalidArg);
}

TEST_F(TlsTransportTest, ServerAuthenticationOnlyIsAValidConfig) {
    TlsConfig cfg = config();
    cfg.cert_pem = nullptr;
    cfg.key_pem = nullptr;
    EXPECT_TRUE(tls.configure(cfg).ok());
    EXPECT_EQ(tls.last_error(), LinkError::None);
}

TEST_F(TlsTransportTest, SendAndRecvNeedAConnection) {
    ASSERT_TRUE(tls.configure(config()).ok());
    uint8_t buf[4];
    size_t n = 9;
    EXPECT_EQ(tls.send(buf, sizeof buf, n).err(), Err::BadState);
    EXPECT_EQ(n, 0u);
    EXPECT_EQ(tls.recv(buf, sizeof buf, n).err(), Err::BadState);
    EXPECT_EQ(tls.poll_connect().err(), Err::BadState);
}

TEST_F(TlsTransportTest, NameThatDoesNotResolveIsDnsFailed) {
    ASSERT_TRUE(tls.configure(config()).ok());
    net.connect_status = hal::Status::NotFound;
    EXPECT_EQ(tls.start_connect("nowhere.invalid", 8883).err(), Err::NotFound);
    EXPECT_EQ(tls.last_error(), LinkError::DnsFailed);
    EXPECT_EQ(tls.poll_connect().err(), Err::NotFound);
    EXPECT_TRUE(log.contains("connect to nowhere.invalid:8883 failed: DNS lookup failed"));
}

TEST_F(TlsTransportTest, RefusedConnectIsConnectRefused) {
    ASSERT_TRUE(tls.configure(config()).ok());
    net.result_status = hal::Status::Refused;
    ASSERT_TRUE(tls.start_connect("10.0.0.1", 8883).ok());
    EXPECT_EQ(tls.poll_connect().err(), Err::Refused);
    EXPECT_EQ(tls.last_error(), LinkError::ConnectRefused);
    EXPECT_FALSE(net.open);
}

TEST_F(TlsTransportTest, TcpConnectTimesOutOnTheClock) {
    TlsConfig cfg = config();
    cfg.connect_timeout_ms = 2000;
    ASSERT_TRUE(tls.configure(cfg).ok());
    net.result_status = hal::Status::WouldBlock;
    ASSERT_TRUE(tls.start_connect("10.0.0.1", 8883).ok());
    clock.advance(1999);
    EXPECT_EQ(tls.poll_connect().err(), Err::WouldBlock);
    clock.advance(1);
    EXPECT_EQ(tls.poll_connect().err(), Err::Timeout);
    EXPECT_EQ(tls.last_error(), LinkError::ConnectTimeout);
    EXPECT_FALSE(net.open);
    EXPECT_TRUE(log.contains("connect timeout (no answer after 2000 ms)"));
}

TEST_F(TlsTransportTest, SilentServerIsAHandshakeTimeoutCountedFromTcpUp) {
    TlsConfig cfg = config();
    cfg.handshake_timeout_ms = 3000;
    ASSERT_TRUE(tls.configure(cfg).ok());
    net.result_status = hal::Status::WouldBlock;
    ASSERT_TRUE(tls.start_connect("10.0.0.1", 8883).ok());
    clock.advance(500);
    EXPECT_EQ(tls.poll_connect().err(), Err::WouldBlock);
    net.result_status = hal::Status::Ok;
    EXPECT_EQ(tls.poll_connect().err(), Err::WouldBlock);  // TCP up at t=500, ClientHello sent
    EXPECT_FALSE(net.wire.empty());
    clock.advance(2999);
    EXPECT_EQ(tls.poll_connect().err(), Err::WouldBlock);
    clock.advance(1);
    EXPECT_EQ(tls.poll_connect().err(), Err::Timeout);
    EXPECT_EQ(tls.last_error(), LinkError::HandshakeTimeout);
    EXPECT_EQ(net.closes, 1);
    EXPECT_TRUE(log.contains("TLS handshake timeout"));
}

TEST_F(TlsTransportTest, ClientHelloOffersTls13And12WithSniAndAlpn) {
    TlsConfig cfg = config();
    const char* alpn[] = {"mqtt", nullptr};
    cfg.alpn = alpn;
    ASSERT_TRUE(tls.configure(cfg).ok());
    ASSERT_TRUE(tls.start_connect("192.0.2.7", 8883).ok());
    EXPECT_EQ(net.last_host, "192.0.2.7");
    EXPECT_EQ(tls.poll_connect().err(), Err::WouldBlock);
    ASSERT_GT(net.wire.size(), 11u);
    EXPECT_EQ(net.wire[0], 0x16);  // handshake record
    EXPECT_EQ(net.wire[5], 0x01);  // ClientHello
    EXPECT_EQ(net.wire[9], 0x03);  // legacy_version 3.3, as TLS 1.3 requires
    EXPECT_EQ(net.wire[10], 0x03);
    EXPECT_TRUE(wire_contains(kOffers13And12));
    EXPECT_TRUE(wire_contains("broker.test"));  // SNI is the configured server name, not the address
    EXPECT_FALSE(wire_contains("192.0.2.7"));
    EXPECT_TRUE(wire_contains("mqtt"));
}

TEST_F(TlsTransportTest, TlsMaxOneTwoOffersNoTls13) {
    TlsConfig cfg = config();
    cfg.tls_max = fw::net::TlsVersion::Tls12;
    ASSERT_TRUE(tls.configure(cfg).ok());
    ASSERT_TRUE(tls.start_connect("192.0.2.7", 8883).ok());
    EXPECT_EQ(tls.poll_connect().err(), Err::WouldBlock);
    ASSERT_GT(net.wire.size(), 11u);
    EXPECT_EQ(net.wire[5], 0x01);
    EXPECT_FALSE(wire_contains(kOffers13And12));
    EXPECT_FALSE(wire_contains(kOffers13Only));
    EXPECT_EQ(net.wire[9], 0x03);  // client_version 3.3 = TLS 1.2
    EXPECT_EQ(net.wire[10], 0x03);
}

TEST_F(TlsTransportTest, TlsMinOneThreeOffersTls13Only) {
    TlsConfig cfg = config();
    cfg.tls_min = fw::net::TlsVersion::Tls13;
    ASSERT_TRUE(tls.configure(cfg).ok());
    ASSERT_TRUE(tls.start_connect("192.0.2.7", 8883).ok());
    EXPECT_EQ(tls.poll_connect().err(), Err::WouldBlock);
    EXPECT_TRUE(wire_contains(kOffers13Only));
}

TEST_F(TlsTransportTest, TlsMinAboveMaxIsBadConfig) {
    TlsConfig cfg = config();
    cfg.tls_min = fw::net::TlsVersion::Tls13;
    cfg.tls_max = fw::net::TlsVersion::Tls12;
    EXPECT_EQ(tls.configure(cfg).err(), Err::InvalidArg);
    EXPECT_TRUE(log.contains("tls_min 1.3 above tls_max 1.2"));
}

TEST(TlsVersion, ParsesOnlyOneTwoAndOneThree) {
    fw::net::TlsVersion v = fw::net::TlsVersion::Tls12;
    EXPECT_TRUE(fw::net::parse_tls_version("1.3", v));
    EXPECT_EQ(v, fw::net::TlsVersion::Tls13);
    EXPECT_TRUE(fw::net::parse_tls_version("1.2", v));
    EXPECT_EQ(v, fw::net::TlsVersion::Tls12);
    for (const char* bad : {"1.1", "1.0", "", "1.4", "tls1.3"}) EXPECT_FALSE(fw::net::parse_tls_version(bad, v)) << bad;
}

TEST_F(TlsTransportTest, ServerNameDefaultsToTheHost) {
    TlsConfig cfg = config();
    cfg.server_name = nullptr;
    ASSERT_TRUE(tls.configure(cfg).ok());
    ASSERT_TRUE(tls.start_connect("mqtt.example.net", 8883).ok());
    EXPECT_EQ(tls.poll_connect().err(), Err::WouldBlock);
    EXPECT_TRUE(wire_contains("mqtt.example.net"));
}

// A second transport presenting the same identity shares the first one's parsed credentials:
// one parse, one copy in memory, kept alive for it when the first moves to another identity.
TEST_F(TlsTransportTest, SecondTransportSharesTheParsedCredentials) {
    const uint32_t parsed_before = fw::net::TlsCredentials::sets_parsed();
    ASSERT_TRUE(tls.configure(config()).ok());
    ASSERT_NE(tls.credentials(), nullptr);
    TlsTransport second{net, clock, rng};
    TlsConfig shared;
    shared.credentials = tls.credentials();
    shared.server_name = "files.test";
    ASSERT_TRUE(second.configure(shared).ok());
    shared.credentials.reset();
    EXPECT_EQ(second.credentials(), tls.credentials());
    EXPECT_EQ(fw::net::TlsCredentials::sets_parsed(), parsed_before + 1);

    TlsConfig other = config();
    other.cert_pem = ids().other.chain.c_str();
    other.key_pem = ids().other.key.c_str();
    ASSERT_TRUE(tls.configure(other).ok());
    EXPECT_NE(second.credentials(), tls.credentials());
    EXPECT_EQ(second.credentials().use_count(), 2);  // `second`'s own and this copy: still alive
    ASSERT_TRUE(second.start_connect("10.0.0.2", 443).ok());
    EXPECT_EQ(second.poll_connect().err(), Err::WouldBlock);
    EXPECT_TRUE(wire_contains("files.test"));
}

TEST_F(TlsTransportTest, PeerClosingMidHandshakeIsPeerClosed) {
    ASSERT_TRUE(tls.configure(config()).ok());
    ASSERT_TRUE(tls.start_connect("10.0.0.1", 8883).ok());
    EXPECT_EQ(tls.poll_connect().err(), Err::WouldBlock);
    net.recv_status = hal::Status::Closed;
    EXPECT_EQ(tls.poll_connect().err(), Err::Closed);
    EXPECT_EQ(tls.last_error(), LinkError::PeerClosed);
    EXPECT_FALSE(net.open);
}

TEST_F(TlsTransportTest, LinkDroppingMidHandshakeIsPeerClosed) {
    ASSERT_TRUE(tls.configure(config()).ok());
    net.send_status = hal::Status::Reset;
    ASSERT_TRUE(tls.start_connect("10.0.0.1", 8883).ok());
    EXPECT_EQ(tls.poll_connect().err(), Err::Closed);
    EXPECT_EQ(tls.last_error(), LinkError::PeerClosed);
    EXPECT_TRUE(log.contains("network: connection reset"));
}

// The server's alert can still be in the socket when our write found the connection reset.
TEST_F(TlsTransportTest, AlertLeftInTheSocketNamesTheRejection) {
    ASSERT_TRUE(tls.configure(config()).ok());
    ASSERT_TRUE(tls.start_connect("10.0.0.1", 8883).ok());
    EXPECT_EQ(tls.poll_connect().err(), Err::WouldBlock);
    net.recv_script.push_back({hal::Status::Reset, {}});
    net.recv_script.push_back({hal::Status::Ok, {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 48}});  // fatal unknown_ca
    EXPECT_EQ(tls.poll_connect().err(), Err::Refused);
    EXPECT_EQ(tls.last_error(), LinkError::PeerRejectedCert);
    EXPECT_TRUE(log.contains("peer sent fatal alert unknown_ca (48)"));
}

TEST_F(TlsTransportTest, BytesThatAreNoAlertLeaveTheNetworkReason) {
    ASSERT_TRUE(tls.configure(config()).ok());
    ASSERT_TRUE(tls.start_connect("10.0.0.1", 8883).ok());
    EXPECT_EQ(tls.poll_connect().err(), Err::WouldBlock);
    net.recv_script.push_back({hal::Status::Reset, {}});
    net.recv_script.push_back({hal::Status::Ok, {0x17, 0x03, 0x03, 0x00, 0x02, 0x02, 48}});  // application data
    EXPECT_EQ(tls.poll_connect().err(), Err::Closed);
    EXPECT_EQ(tls.last_error(), LinkError::PeerClosed);
}

TEST_F(TlsTransportTest, ReconnectStartsClean) {
    ASSERT_TRUE(tls.configure(config()).ok());
    net.result_status = hal::Status::Refused;
    ASSERT_TRUE(tls.start_connect("10.0.0.1", 8883).ok());
    EXPECT_EQ(tls.poll_connect().err(), Err::Refused);
    net.result_status = hal::Status::Ok;
    net.wire.clear();
    ASSERT_TRUE(tls.start_connect("10.0.0.1", 8883).ok());
    EXPECT_EQ(tls.last_error(), LinkError::None);
    EXPECT_EQ(tls.poll_connect().err(), Err::WouldBlock);
    EXPECT_EQ(net.wire[5], 0x01);  // a fresh ClientHello
    EXPECT_FALSE(tls.has_session());
}

}  // namespace
