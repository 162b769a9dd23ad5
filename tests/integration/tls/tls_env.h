#pragma once
// What every TLS integration test needs: the POSIX HAL, a log that records (and echoes) the
// firmware's lines, a transport configured for a device of the test broker, and a loop that
// drives poll_connect() the way the event loop does.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "firmware/net/tls/tls_transport.h"
#include "hal/log.h"
#include "hal_posix/io_wait.h"
#include "hal_posix/posix_clock.h"
#include "hal_posix/posix_net.h"
#include "hal_posix/posix_rng.h"
#include "support/broker.h"

namespace tlstest {

class CaptureLog : public hal::Log {
public:
    void write_line(const char* line, size_t len) override;
    bool read_line(std::string&) override { return false; }
    bool contains(const std::string& needle) const;
    std::vector<std::string> lines;
};

struct PosixHal {
    PosixHal();
    hal_posix::IoWait io;
    hal_posix::PosixNet net{io};
    hal_posix::PosixClock clock{io};
    hal_posix::PosixRng rng;
    CaptureLog log;
};

// A device's PEM files, and a TlsConfig pointing into them (keep the Device alive while
// configure() runs): trusts the PKI root, server name "localhost".
struct Device {
    testsupport::DevicePem pem;
    fw::net::TlsConfig config() const;
};
Device device(const testsupport::Pki& pki, const std::string& id);

// Polls until the handshake ends or `limit_ms` pass; returns poll_connect()'s last result.
fw::Status connect_wait(fw::net::TlsTransport& t, PosixHal& hal, const char* host, uint16_t port,
                        uint32_t limit_ms = 10000);

// A broker with device "dev-ec" made, the POSIX HAL and a transport.
class BrokerTest : public ::testing::Test {
protected:
    explicit BrokerTest(testsupport::BrokerOptions opts = {}) : broker(std::move(opts)) {}

    void SetUp() override;
    // configure(cfg), then connect_wait() to the broker.
    fw::Status connect(const fw::net::TlsConfig& cfg, uint32_t limit_ms = 10000);

    testsupport::TestBroker broker;
    PosixHal hal;
    fw::net::TlsTransport tls{hal.net, hal.clock, hal.rng};
};

}  // namespace tlstest
