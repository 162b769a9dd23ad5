#include "firmware/app/enroll/broker_connection.h"

#include "firmware/core/log.h"
#include "firmware/net/mqtt/mqtt_topic.h"

namespace fw::app {

TlsPolicy tls_policy(const DeviceConfig& cfg, int64_t time_floor_unix_ms) {
    return TlsPolicy{time_floor_unix_ms, cfg.tls_min, cfg.tls_max};
}

namespace {

net::TlsConfig with_policy(const TlsPolicy& policy) {
    net::TlsConfig tc;
    tc.time_floor_unix_ms = policy.time_floor_unix_ms;
    tc.tls_min = policy.tls_min;
    tc.tls_max = policy.tls_max;
    return tc;
}

}  // namespace

net::TlsConfig tls_config(const DeviceCredentials& c, const TlsPolicy& policy) {
    net::TlsConfig tc = with_policy(policy);
    tc.ca_pem = c.ca_pem.c_str();
    tc.cert_pem = c.cert_pem.c_str();
    tc.key_pem = c.key_pem.c_str();
    return tc;
}

net::TlsConfig tls_config(std::shared_ptr<net::TlsCredentials> parsed, const TlsPolicy& policy) {
    net::TlsConfig tc = with_policy(policy);
    tc.credentials = std::move(parsed);
    return tc;
}

void log_suback(uint16_t packet_id, std::span<const uint8_t> granted) {
    for (uint8_t g : granted) {
        if (g == net::mqtt::kSubackFailure)
            FW_LOGW("device", "the broker refused a subscription (packet %u)", packet_id);
        else
            FW_LOGI("device", "subscription granted (packet %u, QoS %u)", packet_id, g);
    }
}

BrokerConnection::BrokerConnection(const hal::Hal& hal, EventLoop& loop)
    : loop_(loop), rng_(*hal.rng), tls_(*hal.net, *hal.clock, *hal.rng) {}

BrokerConnection::~BrokerConnection() {
    events_ = BrokerEvents{};  // the owner is going away: stopping the session tells it nothing
    close();
}

Status BrokerConnection::use_identity(const DeviceCredentials& c, const TlsPolicy& policy) {
    return tls_.configure(tls_config(c, policy));
}

void BrokerConnection::size_for_device(net::MqttConfig& mc) {
    mc.max_payload = kMaxPayload;
    mc.tx_buffer = kTxBuffer;
    mc.rx_buffer = kRxBuffer;
}

void BrokerConnection::open(const BrokerUri& broker, const ConnectOptions& client, BrokerEvents events,
                            uint32_t backoff_cap_ms) {
    close();
    net::MqttConfig mc;
    mc.host = broker.host;
    mc.port = broker.port;
    mc.client_id = client.client_id;
    mc.username = client.username;
    mc.password = client.password;
    mc.clean_session = client.clean_session;
    if (const auto& w = client.will)
        mc.will = net::MqttLastWill{w->topic, {w->payload.begin(), w->payload.end()}, w->qos, w->retain};
    mc.keep_alive_s = kKeepAliveS;
    mc.backoff_cap_ms = backoff_cap_ms;
    size_for_device(mc);
    events_ = std::move(events);
    net::MqttHandlers h;
    h.on_connected = [this](bool sp) { events_.connected(sp); };
    h.on_disconnected = [this](const net::MqttDisconnect& d) { on_disconnected(d); };
    h.on_message = [this](const net::MqttMessage& m) { on_message(m); };
    h.on_published = [this](uint16_t id) {
        if (events_.published) events_.published(id);
    };
    h.on_subscribed = [this](uint16_t id, std::span<const uint8_t> granted) { on_subscribed(id, granted); };
    session_ = std::make_unique<net::MqttSession>(loop_, rng_, tls_, std::move(mc), std::move(h));
}

void BrokerConnection::close() {
    exchange_.reset();
    if (session_) session_->stop();
    session_.reset();
}

void BrokerConnection::run_exchange(EnrollStep& step, uint32_t timeout_ms, MqttExchange::Done done) {
    exchange_ = std::make_unique<MqttExchange>(loop_, *session_, step, timeout_ms, std::move(done));
    exchange_->begin();
}

void BrokerConnection::on_disconnected(const net::MqttDisconnect& d) {
    // An exchange in progress lost its subscription and its request: it starts over, if at all,
    // on the next connection.
    if (d.cause != net::MqttDisconnectCause::Stopped) exchange_.reset();
    if (events_.disconnected) events_.disconnected(d);
}

void BrokerConnection::on_message(const net::MqttMessage& m) {
    if (exchange_ && exchange_->on_message(m)) return;
    events_.message(m);
}

void BrokerConnection::on_subscribed(uint16_t id, std::span<const uint8_t> granted) {
    if (exchange_) exchange_->on_subscribed(id, granted);
    if (events_.subscribed) events_.subscribed(id, granted);
}

}  // namespace fw::app
