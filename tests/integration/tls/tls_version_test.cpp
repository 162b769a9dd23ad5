// Protocol versions against a real mosquitto: TLS 1.3 by default, TLS 1.2 with a broker limited
// to it, resumption in both, and a device that insists on a version the broker lacks.
#include <gtest/gtest.h>

#include <string>

#include "firmware/net/tls/tls_transport.h"
#include "mqtt_wire.h"
#include "support/broker.h"
#include "tls_env.h"

namespace tlstest {
namespace {

using fw::net::LinkError;
using fw::net::name_of;
using fw::net::TlsVersion;

class TlsVersions : public BrokerTest {
protected:
    using BrokerTest::BrokerTest;

    // Connects (or reconnects with the configured transport) and exchanges MQTT CONNECT/CONNACK,
    // which also reads a TLS 1.3 ticket the broker sends after the handshake.
    void connect_and_talk(const fw::net::TlsConfig* cfg) {
        fw::Status st = cfg != nullptr ? connect(*cfg) : connect_wait(tls, hal, broker.host(), broker.port());
        ASSERT_TRUE(st.ok()) << name_of(tls.last_error());
        MqttWire wire(tls, hal);
        EXPECT_EQ(wire.connect("dev-ec"), 0);
    }

    // Full handshake, then two reconnects that each resume, all with `version`.
    void expect_version_and_resumption(const fw::net::TlsConfig& cfg, const char* version) {
        ASSERT_NO_FATAL_FAILURE(connect_and_talk(&cfg));
        EXPECT_STREQ(tls.tls_version(), version);
        EXPECT_FALSE(tls.resumed());
        EXPECT_TRUE(hal.log.contains(std::string(version) + ", "));  // "connected to ...: TLSv1.x, <suite>, ..."
        ASSERT_TRUE(tls.has_session());
        for (int i = 0; i < 2; ++i) {
            tls.close();
            ASSERT_NO_FATAL_FAILURE(connect_and_talk(nullptr));
            EXPECT_TRUE(tls.resumed()) << "reconnect " << i;
            EXPECT_STREQ(tls.tls_version(), version);
        }
        EXPECT_TRUE(hal.log.contains("resumed handshake"));
    }
};

TEST_F(TlsVersions, Tls13IsTheDefaultAndResumesWithATicket) {
    Device dev = device(broker.pki(), "dev-ec");
    expect_version_and_resumption(dev.config(), "TLSv1.3");
}

TEST_F(TlsVersions, Tls12WhenTheDeviceCapsItAndResumesToo) {
    Device dev = device(broker.pki(), "dev-ec");
    fw::net::TlsConfig cfg = dev.config();
    cfg.tls_max = TlsVersion::Tls12;
    expect_version_and_resumption(cfg, "TLSv1.2");
}

testsupport::BrokerOptions tls12_only() {
    testsupport::BrokerOptions o;
    o.tls12_only = true;
    return o;
}

class Tls12Broker : public TlsVersions {
protected:
    Tls12Broker() : TlsVersions(tls12_only()) {}
};

TEST_F(Tls12Broker, DeviceFallsBackToTls12AndResumes) {
    Device dev = device(broker.pki(), "dev-ec");
    expect_version_and_resumption(dev.config(), "TLSv1.2");
}

TEST_F(Tls12Broker, DeviceThatRequiresTls13IsRefused) {
    Device dev = device(broker.pki(), "dev-ec");
    fw::net::TlsConfig cfg = dev.config();
    cfg.tls_min = TlsVersion::Tls13;
    fw::Status st = connect(cfg);
    EXPECT_FALSE(st.ok());
    EXPECT_NE(st.err(), fw::Err::WouldBlock);
    EXPECT_FALSE(tls.connected());
    EXPECT_EQ(tls.last_error(), LinkError::TlsError) << name_of(tls.last_error());
}

}  // namespace
}  // namespace tlstest
