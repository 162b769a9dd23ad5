#pragma once
// One MQTT connection to the broker over mutual TLS, made the same way for the device's own
// identity and for enrollment's claim identity: the identity handed to TLS, the session settings
// every connection of this firmware shares, and an MqttExchange (an enrollment or provisioning
// step) run over the session, which sees the answers on its topics and its SUBACK before the
// owner does. The TLS transport outlives the sessions opened over it, so that a reconnect with a
// new session still resumes the cached TLS session.
#include <cstdint>
#include <functional>
#include <memory>
#include <span>

#include "firmware/app/enroll/mqtt_exchange.h"
#include "firmware/app/identity/credentials.h"
#include "firmware/app/platform/device_config.h"
#include "firmware/app/platform/profile.h"
#include "firmware/core/event_loop.h"
#include "firmware/net/mqtt/mqtt_session.h"
#include "firmware/net/tls/tls_transport.h"
#include "hal/hal.h"

namespace fw::app {

// What every TLS connection of the device shares besides its identity: the floor a certificate's
// expiry is judged by while the clock is unknown, and the versions it may negotiate (TlsConfig).
struct TlsPolicy {
    int64_t time_floor_unix_ms = 0;
    net::TlsVersion tls_min = net::TlsVersion::Tls12;
    net::TlsVersion tls_max = net::TlsVersion::Tls13;
};
TlsPolicy tls_policy(const DeviceConfig& cfg, int64_t time_floor_unix_ms);

// The TLS settings presenting `c` (it must outlive their use in TlsTransport::configure).
net::TlsConfig tls_config(const DeviceCredentials& c, const TlsPolicy& policy = {});
// The TLS settings presenting credentials parsed already (TlsTransport::credentials()).
net::TlsConfig tls_config(std::shared_ptr<net::TlsCredentials> parsed, const TlsPolicy& policy);

// Logs each SUBACK code: granted with its QoS, or refused by the broker.
void log_suback(uint16_t packet_id, std::span<const uint8_t> granted);

// What the owner hears of its session; published and subscribed may be left empty.
struct BrokerEvents {
    std::function<void(bool session_present)> connected;
    std::function<void(const net::MqttDisconnect&)> disconnected;
    std::function<void(const net::MqttMessage&)> message;
    std::function<void(uint16_t packet_id)> published;
    std::function<void(uint16_t packet_id, std::span<const uint8_t> granted)> subscribed;
};

class BrokerConnection {
public:
    static constexpr uint16_t kKeepAliveS = 30;
    // The session's buffers on the device, sized for its traffic rather than a host client's
    // throughput (MqttConfig's defaults): a reading batch, a command answer or an enrollment
    // request leaves from a transmit buffer of about one TLS record (the profiles split batches
    // at kMaxPayload); commands and enrollment answers (a certificate, a few KiB of JSON) arrive
    // whole in the receive buffer, and firmware chunks of any size stream through it in parts.
    static constexpr size_t kMaxPayload = 4096;
    static constexpr size_t kTxBuffer = kMaxPayload + 512;  // the topic and the PUBLISH header
    static constexpr size_t kRxBuffer = 8192;
    // The largest PUBLISH payload a session of this connection accepts.
    static size_t max_payload() { return kMaxPayload; }
    // Applies the device's buffer sizes above to `mc`.
    static void size_for_device(net::MqttConfig& mc);

    BrokerConnection(const hal::Hal& hal, EventLoop& loop);
    ~BrokerConnection();
    BrokerConnection(const BrokerConnection&) = delete;
    BrokerConnection& operator=(const BrokerConnection&) = delete;

    // The identity TLS presents from now on; on an error, tls_error() says why.
    Status use_identity(const DeviceCredentials& c, const TlsPolicy& policy = {});
    net::LinkError tls_error() const { return tls_.last_error(); }
    bool tls_resumed() const { return tls_.resumed(); }
    const char* tls_version() const { return tls_.tls_version(); }  // "TLSv1.3"; "none" while not connected
    // The identity use_identity() parsed, for the device's other TLS connection (HTTPS updates)
    // to present without a parsed copy of its own; null before a successful use_identity().
    std::shared_ptr<net::TlsCredentials> identity() const { return tls_.credentials(); }

    // A new session to `broker` as `client`, replacing (and stopping) an earlier one; not started.
    // `backoff_cap_ms` bounds its reconnect delays.
    void open(const BrokerUri& broker, const ConnectOptions& client, BrokerEvents events,
              uint32_t backoff_cap_ms = net::MqttConfig{}.backoff_cap_ms);
    // Stops the session and any exchange, and forgets both.
    void close();
    // The session open() made; null before and after close().
    net::MqttSession* session() const { return session_.get(); }

    // Runs `step` over the session (which must be open and connected), replacing an exchange in
    // progress; `done` as MqttExchange's. A disconnect or close() cancels the exchange.
    void run_exchange(EnrollStep& step, uint32_t timeout_ms, MqttExchange::Done done);
    void cancel_exchange() { exchange_.reset(); }

private:
    void on_disconnected(const net::MqttDisconnect& d);
    void on_message(const net::MqttMessage& m);
    void on_subscribed(uint16_t id, std::span<const uint8_t> granted);

    EventLoop& loop_;
    hal::Rng& rng_;
    net::TlsTransport tls_;
    BrokerEvents events_;
    std::unique_ptr<net::MqttSession> session_;
    std::unique_ptr<MqttExchange> exchange_;
};

}  // namespace fw::app
