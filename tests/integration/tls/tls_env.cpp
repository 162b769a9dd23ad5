#include "tls_env.h"

#include <chrono>
#include <cstdio>

#include "firmware/core/log.h"

namespace tlstest {

void CaptureLog::write_line(const char* line, size_t len) {
    lines.emplace_back(line, len);
    std::fprintf(stderr, "%.*s\n", static_cast<int>(len), line);
}

bool CaptureLog::contains(const std::string& needle) const {
    for (const auto& l : lines)
        if (l.find(needle) != std::string::npos) return true;
    return false;
}

PosixHal::PosixHal() {
    fw::log::init(log, clock);
    fw::log::set_level(fw::log::Level::Debug);
    // The chip's clock starts unset; these tests play a device whose SNTP has run, so that
    // certificates are judged by the host's time (TlsValidity sets its own).
    clock.set_unix_ms(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count());
}

fw::net::TlsConfig Device::config() const {
    fw::net::TlsConfig cfg;
    cfg.ca_pem = pem.ca.c_str();
    cfg.cert_pem = pem.chain.c_str();
    cfg.key_pem = pem.key.c_str();
    cfg.server_name = "localhost";
    return cfg;
}

Device device(const testsupport::Pki& pki, const std::string& id) { return Device{pki.device_pem(id)}; }

fw::Status connect_wait(fw::net::TlsTransport& t, PosixHal& hal, const char* host, uint16_t port, uint32_t limit_ms) {
    FW_TRY(t.start_connect(host, port));
    uint64_t deadline = hal.clock.now_ms() + limit_ms;
    for (;;) {
        fw::Status st = t.poll_connect();
        if (st.err() != fw::Err::WouldBlock || hal.clock.now_ms() >= deadline) return st;
        hal.clock.sleep_ms(5);
    }
}

void BrokerTest::SetUp() {
    ASSERT_TRUE(broker.start()) << broker.error();
    ASSERT_TRUE(broker.pki().make_device("dev-ec")) << broker.pki().error();
}

fw::Status BrokerTest::connect(const fw::net::TlsConfig& cfg, uint32_t limit_ms) {
    FW_TRY(tls.configure(cfg));
    return connect_wait(tls, hal, broker.host(), broker.port(), limit_ms);
}

}  // namespace tlstest
