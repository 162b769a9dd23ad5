#include "paho_client.h"

#include <chrono>
#include <vector>

namespace bench {
namespace {

using Clock = std::chrono::steady_clock;

double us_since(Clock::time_point t0) { return std::chrono::duration<double, std::micro>(Clock::now() - t0).count(); }

// QoS 1/2 messages unacknowledged at most, as fw::net::MqttConfig::inflight_window's default.
// Kept by the bench, not by paho's maxInflight: paho stalls about a second each time its own
// limit is reached, which would measure that stall rather than the client.
constexpr size_t kInflight = 16;
// paho refuses sends beyond maxBufferedMessages (default 100) even while connected; the window
// keeps the bench below it.
constexpr int kMaxBuffered = 2 * static_cast<int>(PahoClient::kWindow);

}  // namespace

PahoClient::PahoClient(const Target& target, const Identity& identity)
    : target_(target), identity_(identity), uri_("ssl://" + target.host + ":" + std::to_string(target.port)) {}

PahoClient::~PahoClient() { destroy(); }

void PahoClient::create() {
    MQTTAsync_createOptions co = MQTTAsync_createOptions_initializer;
    co.MQTTVersion = MQTTVERSION_3_1_1;
    co.maxBufferedMessages = kMaxBuffered;
    int rc = MQTTAsync_createWithOptions(&client_, uri_.c_str(), identity_.id.c_str(), MQTTCLIENT_PERSISTENCE_NONE,
                                         nullptr, &co);
    if (rc != MQTTASYNC_SUCCESS) die("paho create failed: " + std::to_string(rc));
}

void PahoClient::destroy() {
    if (!client_) return;
    disconnect();
    MQTTAsync_destroy(&client_);
    client_ = nullptr;
}

template <typename Pred>
void PahoClient::wait(Pred done, const char* what) {
    std::unique_lock<std::mutex> lock(mu_);
    if (!cv_.wait_for(lock, std::chrono::seconds(60), [&] { return done() || !failure_.empty(); }))
        die(std::string("paho: timed out waiting for ") + what);
    if (!failure_.empty()) die("paho: " + failure_);
}

void PahoClient::on_connect(void* ctx, MQTTAsync_successData*) {
    auto* self = static_cast<PahoClient*>(ctx);
    std::lock_guard<std::mutex> lock(self->mu_);
    self->connected_ = true;
    self->cv_.notify_all();
}

void PahoClient::on_connect_failure(void* ctx, MQTTAsync_failureData* d) {
    auto* self = static_cast<PahoClient*>(ctx);
    std::lock_guard<std::mutex> lock(self->mu_);
    self->failure_ = "connect failed, code " + std::to_string(d ? d->code : -1) +
                     (d && d->message ? std::string(": ") + d->message : std::string());
    self->cv_.notify_all();
}

void PahoClient::on_disconnect(void* ctx, MQTTAsync_successData*) {
    auto* self = static_cast<PahoClient*>(ctx);
    std::lock_guard<std::mutex> lock(self->mu_);
    self->disconnected_ = true;
    self->cv_.notify_all();
}

void PahoClient::on_sent(void* ctx, MQTTAsync_successData*) {
    auto* self = static_cast<PahoClient*>(ctx);
    std::lock_guard<std::mutex> lock(self->mu_);
    ++self->completed_;
    self->cv_.notify_all();
}

void PahoClient::on_send_failure(void* ctx, MQTTAsync_failureData* d) {
    auto* self = static_cast<PahoClient*>(ctx);
    std::lock_guard<std::mutex> lock(self->mu_);
    self->failure_ = "publish failed, code " + std::to_string(d ? d->code : -1);
    self->cv_.notify_all();
}

void PahoClient::connect() {
    if (!client_) create();
    if (connected_) return;
    MQTTAsync_SSLOptions ssl = MQTTAsync_SSLOptions_initializer;
    ssl.trustStore = identity_.ca_file.c_str();
    ssl.keyStore = identity_.chain_file.c_str();
    ssl.privateKey = identity_.key_file.c_str();
    ssl.enableServerCertAuth = 1;
    ssl.verify = 1;                             // host name check: the broker's certificate names 127.0.0.1 too
    ssl.sslVersion = MQTT_SSL_VERSION_TLS_1_2;  // the firmware speaks TLS 1.2
    MQTTAsync_connectOptions opts = MQTTAsync_connectOptions_initializer;
    opts.keepAliveInterval = 60;
    opts.cleansession = 1;
    opts.ssl = &ssl;
    opts.onSuccess = on_connect;
    opts.onFailure = on_connect_failure;
    opts.context = this;
    {
        std::lock_guard<std::mutex> lock(mu_);
        connected_ = false;
        failure_.clear();
    }
    int rc = MQTTAsync_connect(client_, &opts);
    if (rc != MQTTASYNC_SUCCESS) die("paho connect call failed: " + std::to_string(rc));
    wait([this] { return connected_; }, "CONNACK");
}

void PahoClient::disconnect() {
    if (!client_ || !connected_) return;
    MQTTAsync_disconnectOptions opts = MQTTAsync_disconnectOptions_initializer;
    opts.onSuccess = on_disconnect;
    opts.context = this;
    {
        std::lock_guard<std::mutex> lock(mu_);
        disconnected_ = false;
    }
    if (MQTTAsync_disconnect(client_, &opts) == MQTTASYNC_SUCCESS) wait([this] { return disconnected_; }, "disconnect");
    connected_ = false;
}

Samples PahoClient::connects(int n) {
    Samples s;
    for (int i = 0; i < n; ++i) {
        create();
        auto t0 = Clock::now();
        connect();
        s.us.push_back(us_since(t0));
        destroy();
    }
    return s;
}

Throughput PahoClient::publish(int qos, size_t payload, size_t count) {
    connect();
    const std::string topic = identity_.topic();
    std::vector<char> data(payload, 'x');
    MQTTAsync_responseOptions ro = MQTTAsync_responseOptions_initializer;
    ro.onSuccess = on_sent;
    ro.onFailure = on_send_failure;
    ro.context = this;
    {
        std::lock_guard<std::mutex> lock(mu_);
        completed_ = 0;
    }
    const size_t window = qos > 0 ? kInflight : kWindow;
    auto t0 = Clock::now();
    for (size_t sent = 0; sent < count; ++sent) {
        wait([&] { return sent - completed_ < window; }, "room in the window");
        int rc = MQTTAsync_send(client_, topic.c_str(), static_cast<int>(payload), data.data(), qos, 0, &ro);
        if (rc != MQTTASYNC_SUCCESS) die("paho send failed: " + std::to_string(rc));
    }
    if (qos == 0) {
        // onSuccess of a QoS 0 message means written to the socket; the marker's means the
        // broker has read everything before it.
        wait([&] { return completed_ == count; }, "QoS 0 writes");
        char end[] = "end";
        int rc = MQTTAsync_send(client_, topic.c_str(), 3, end, 1, 0, &ro);
        if (rc != MQTTASYNC_SUCCESS) die("paho marker send failed: " + std::to_string(rc));
        wait([&] { return completed_ == count + 1; }, "the QoS 0 marker's PUBACK");
    } else {
        wait([&] { return completed_ == count; }, "acks");
    }
    Throughput t;
    t.seconds = us_since(t0) / 1e6;
    t.messages = count;
    t.payload_bytes = payload;
    return t;
}

}  // namespace bench
