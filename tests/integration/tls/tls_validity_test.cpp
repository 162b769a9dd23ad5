// The validity periods of the server's chain are judged by the device's own wall clock
// (hal::Clock::unix_ms), not by the host clock mbedtls would read: a chip's clock is unset until
// SNTP, and the host's says nothing about the device. While the device does not know the time,
// validity is judged only against the floor (the image's build time), and the log says so.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "firmware/net/tls/tls_transport.h"
#include "support/broker.h"
#include "support/temp_dir.h"
#include "tls_env.h"

namespace tlstest {
namespace {

using fw::Err;
using fw::net::LinkError;

constexpr const char* kNotChecked = "certificate validity not checked: time unknown";
constexpr int64_t kDayMs = int64_t{86400} * 1000;

int64_t host_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// The POSIX clock for time passing, and a wall time the test sets (0: unknown, as before SNTP).
class DeviceClock : public hal::Clock {
public:
    explicit DeviceClock(hal::Clock& real) : real_(real) {}
    uint64_t now_ms() override { return real_.now_ms(); }
    void sleep_ms(uint32_t ms) override { real_.sleep_ms(ms); }
    int64_t unix_ms() override { return unix; }
    void set_unix_ms(int64_t ms) override { unix = ms; }
    int64_t unix = 0;

private:
    hal::Clock& real_;
};

class TlsValidity : public BrokerTest {
protected:
    fw::Status connect_at(int64_t unix_ms, uint16_t port, int64_t floor_unix_ms = 0) {
        clock.unix = unix_ms;
        Device dev = device(broker.pki(), "dev-ec");
        fw::net::TlsConfig cfg = dev.config();
        cfg.time_floor_unix_ms = floor_unix_ms;
        EXPECT_TRUE(device_tls.configure(cfg).ok());
        return connect_wait(device_tls, hal, broker.host(), port);
    }
    // A second broker of the same PKI serving a certificate that expired yesterday.
    uint16_t expired_broker() {
        EXPECT_TRUE(broker.pki().make_server("localhost", "expired", true)) << broker.pki().error();
        testsupport::BrokerOptions opts;
        opts.pki_dir = broker.pki().dir();
        opts.server_cert = broker.pki().path("servers/expired.chain.pem");
        opts.server_key = broker.pki().path("servers/expired.key");
        expired = std::make_unique<testsupport::TestBroker>(opts);
        EXPECT_TRUE(expired->start()) << expired->error();
        return expired->port();
    }

    DeviceClock clock{hal.clock};
    fw::net::TlsTransport device_tls{hal.net, clock, hal.rng};
    std::unique_ptr<testsupport::TestBroker> expired;
};

TEST_F(TlsValidity, ValidChainConnectsWhenTheDeviceKnowsTheTime) {
    EXPECT_TRUE(connect_at(host_now_ms(), broker.port()).ok());
    EXPECT_TRUE(device_tls.connected());
    EXPECT_FALSE(hal.log.contains(kNotChecked));
}

// The host clock says the broker's certificate is valid; the device's clock, 20 years on, says it
// (and its CAs) expired long ago.
TEST_F(TlsValidity, ChainPastItsEndByTheDeviceClockIsExpired) {
    const int64_t twenty_years_ms = int64_t{20} * 365 * 86400 * 1000;
    fw::Status st = connect_at(host_now_ms() + twenty_years_ms, broker.port());
    EXPECT_EQ(st.err(), Err::VerifyFailed);
    EXPECT_EQ(device_tls.last_error(), LinkError::CertExpired) << fw::net::name_of(device_tls.last_error());
    EXPECT_FALSE(device_tls.connected());
}

TEST_F(TlsValidity, ExpiredServerIsRefusedWhenTheDeviceKnowsTheTime) {
    uint16_t port = expired_broker();
    fw::Status st = connect_at(host_now_ms(), port);
    EXPECT_EQ(st.err(), Err::VerifyFailed);
    EXPECT_EQ(device_tls.last_error(), LinkError::CertExpired) << fw::net::name_of(device_tls.last_error());
}

// Before SNTP the device cannot tell an expired certificate from a valid one: it connects on the
// signature chain alone (as esp-tls does) and says that validity was not checked.
TEST_F(TlsValidity, TimeUnknownConnectsWithoutJudgingValidity) {
    uint16_t port = expired_broker();
    fw::Status st = connect_at(0, port);
    EXPECT_TRUE(st.ok()) << fw::name_of(st.err()) << " " << fw::net::name_of(device_tls.last_error());
    EXPECT_TRUE(hal.log.contains(kNotChecked));
}

// The image was built today: a certificate that expired yesterday is known to be expired, whatever
// the (unset) clock will say.
TEST_F(TlsValidity, TimeUnknownRefusesACertificateExpiredBeforeTheBuildTime) {
    uint16_t port = expired_broker();
    fw::Status st = connect_at(0, port, host_now_ms());
    EXPECT_EQ(st.err(), Err::VerifyFailed);
    EXPECT_EQ(device_tls.last_error(), LinkError::CertExpired) << fw::net::name_of(device_tls.last_error());
    EXPECT_TRUE(hal.log.contains(kNotChecked));
}

// A floor in the past says nothing about a certificate that expired after it.
TEST_F(TlsValidity, TimeUnknownAcceptsWhatExpiredAfterTheBuildTime) {
    uint16_t port = expired_broker();
    EXPECT_TRUE(connect_at(0, port, host_now_ms() - 30 * kDayMs).ok()) << fw::net::name_of(device_tls.last_error());
    device_tls.close();
    EXPECT_TRUE(connect_at(0, broker.port(), host_now_ms()).ok()) << fw::net::name_of(device_tls.last_error());
}

// Unknown time never excuses a broken chain.
TEST_F(TlsValidity, TimeUnknownStillChecksTheSignatures) {
    ASSERT_TRUE(broker.pki().make_rogue()) << broker.pki().error();
    std::string rogue_ca = testsupport::read_file(broker.pki().rogue_ca_file());
    Device dev = device(broker.pki(), "dev-ec");
    fw::net::TlsConfig cfg = dev.config();
    cfg.ca_pem = rogue_ca.c_str();
    ASSERT_TRUE(device_tls.configure(cfg).ok());
    fw::Status st = connect_wait(device_tls, hal, broker.host(), broker.port());
    EXPECT_EQ(st.err(), Err::VerifyFailed);
    EXPECT_EQ(device_tls.last_error(), LinkError::CertUntrusted);
}

}  // namespace
}  // namespace tlstest
