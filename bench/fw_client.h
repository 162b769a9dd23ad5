#pragma once
// The firmware's network stack as the device runs it (TlsTransport over the POSIX HAL, MqttSession
// on the event loop), instrumented for the bench.
#include <memory>
#include <string>

#include "bench_common.h"
#include "firmware/core/event_loop.h"
#include "firmware/net/http/http_client.h"
#include "firmware/net/mqtt/mqtt_session.h"
#include "firmware/net/tls/tls_transport.h"
#include "hal_posix/io_wait.h"
#include "hal_posix/posix_clock.h"
#include "hal_posix/posix_net.h"
#include "hal_posix/posix_rng.h"

namespace bench {

class FwClient {
public:
    // The longest the event loop sleeps when nothing wakes it: the device's (EventLoop::run()).
    // Work that waited for this instead of an event shows in idle_timeouts().
    static constexpr uint32_t kLoopWaitMs = 1000;

    // The MQTT session's buffers: MqttConfig's defaults (a host client's throughput), or the
    // device's (BrokerConnection::size_for_device).
    enum class Sizing : uint8_t { Defaults, Device };

    // Configures the transport with the identity's credentials (dies if they are unusable).
    // `tls_max`: the highest TLS version offered (the device's default is 1.3).
    FwClient(const Target& target, const Identity& identity, Sizing sizing = Sizing::Defaults,
             fw::net::TlsVersion tls_max = fw::net::TlsVersion::Tls13);  // target, identity outlive it
    ~FwClient();

    // TLS only: start_connect() to connected, then close(). Full handshakes forget the cached
    // session first; resumed ones check that the transport really resumed.
    Samples tls_handshakes(int n, bool resume);
    // MQTT session start() to on_connected (TCP + TLS + CONNECT/CONNACK), then stop().
    Samples mqtt_connects(int n, bool resume);

    // Connects an MQTT session (kept until disconnect()) and publishes on it.
    void connect();
    void disconnect();
    // `count` messages of `payload` bytes at `qos`, as fast as the session takes them. QoS 1/2:
    // timed until every on_published; QoS 0: until the QoS 1 marker sent after them is acked.
    Throughput publish(uint8_t qos, size_t payload, size_t count);
    // `count` messages, each published once the previous one was acknowledged (a device sending
    // one reading per interval). Returns the most the outbox held meanwhile, in bytes.
    size_t publish_one_at_a_time(uint8_t qos, size_t payload, size_t count);

    // Downloads `url` (https://, the client's identity) as the device's update agent does, through
    // a second transport sharing the client's parsed credentials; the body is dropped. Returns its
    // size.
    size_t download(const std::string& url);

    uint32_t idle_timeouts() const { return loop_.idle_timeouts(); }
    // Of the last handshake tls_handshakes() made.
    const std::string& ciphersuite() const { return suite_; }

private:
    double connect_session_us();
    // After a handshake: waits until the transport holds a session to resume (dies after 5 s).
    void take_ticket();
    // Runs the event loop until `done` or `limit_ms` pass (then dies, naming `what`).
    template <typename Pred>
    void run_until(Pred done, const char* what, uint32_t limit_ms = 60000);

    const Target& target_;
    const Identity& identity_;
    Sizing sizing_;
    hal_posix::IoWait io_;
    hal_posix::PosixNet net_{io_};
    hal_posix::PosixClock clock_{io_};
    hal_posix::PosixRng rng_;
    fw::net::TlsTransport tls_{net_, clock_, rng_};
    fw::EventLoop loop_{clock_};
    std::unique_ptr<fw::net::MqttSession> session_;
    bool connected_ = false;
    size_t acked_ = 0;
    uint16_t marker_id_ = 0;
    bool marker_acked_ = false;
    std::string suite_;
};

}  // namespace bench
