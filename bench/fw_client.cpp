#include "fw_client.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <vector>

#include "firmware/app/enroll/broker_connection.h"

namespace bench {
namespace {

using Clock = std::chrono::steady_clock;

double us_since(Clock::time_point t0) { return std::chrono::duration<double, std::micro>(Clock::now() - t0).count(); }

}  // namespace

FwClient::FwClient(const Target& target, const Identity& identity, Sizing sizing, fw::net::TlsVersion tls_max)
    : target_(target), identity_(identity), sizing_(sizing) {
    fw::net::TlsConfig cfg;
    cfg.tls_max = tls_max;
    cfg.ca_pem = identity_.pem.ca.c_str();
    cfg.cert_pem = identity_.pem.chain.c_str();
    cfg.key_pem = identity_.pem.key.c_str();
    cfg.server_name = target_.server_name.c_str();
    if (!tls_.configure(cfg).ok()) die("firmware TLS configure failed for " + identity_.id);
}

FwClient::~FwClient() { disconnect(); }

template <typename Pred>
void FwClient::run_until(Pred done, const char* what, uint32_t limit_ms) {
    uint64_t deadline = clock_.now_ms() + limit_ms;
    while (!done()) {
        if (clock_.now_ms() > deadline) {
            // snprintf: GCC 12 warns falsely (array-bounds) about this string concatenation at -O2.
            char why[96];
            std::snprintf(why, sizeof why, "firmware: timed out waiting for %s", what);
            die(why);
        }
        loop_.run_once(kLoopWaitMs);
    }
}

// A TLS 1.3 server sends its session ticket after the handshake; the transport keeps it when it
// reads, as the device's first recv() does.
void FwClient::take_ticket() {
    const uint64_t deadline = clock_.now_ms() + 5000;
    uint8_t byte;
    size_t n = 0;
    while (!tls_.has_session()) {
        fw::Status st = tls_.recv(&byte, 1, n);
        if (st.ok() && n > 0) die("firmware: data before the session ticket");
        if (!st.ok() && st.err() != fw::Err::WouldBlock) die("firmware: no session ticket (connection lost)");
        if (clock_.now_ms() > deadline) die("firmware: no session ticket within 5 s");
        clock_.sleep_ms(5);
    }
}

Samples FwClient::tls_handshakes(int n, bool resume) {
    Samples s;
    if (resume) {
        tls_.forget_session();
        if (!tls_.start_connect(target_.host.c_str(), target_.port).ok()) die("firmware: start_connect");
        while (tls_.poll_connect().err() == fw::Err::WouldBlock) clock_.sleep_ms(5);
        take_ticket();
        tls_.close();
    }
    for (int i = 0; i < n; ++i) {
        if (!resume) tls_.forget_session();
        auto t0 = Clock::now();
        fw::Status st = tls_.start_connect(target_.host.c_str(), target_.port);
        if (st.ok()) st = tls_.poll_connect();
        while (st.err() == fw::Err::WouldBlock) {
            clock_.sleep_ms(5);  // wakes as soon as the socket is ready
            st = tls_.poll_connect();
        }
        double us = us_since(t0);
        if (!st.ok()) die(std::string("firmware handshake failed: ") + fw::net::name_of(tls_.last_error()));
        if (tls_.resumed() != resume) die("firmware handshake: resumed() is not what was asked");
        s.us.push_back(us);
        suite_ = tls_.ciphersuite();
        tls_.close();
    }
    return s;
}

double FwClient::connect_session_us() {
    fw::net::MqttConfig cfg;
    cfg.host = target_.host;
    cfg.port = target_.port;
    cfg.client_id = identity_.id;
    if (sizing_ == Sizing::Device) fw::app::BrokerConnection::size_for_device(cfg);
    fw::net::MqttHandlers h;
    // Each handler that ends what run_until() waits for wakes the loop: the bench has its next
    // step to take, as a device's app acts from its handlers.
    h.on_connected = [this](bool) {
        connected_ = true;
        loop_.wake();
    };
    h.on_disconnected = [this](const fw::net::MqttDisconnect& d) {
        connected_ = false;
        if (d.cause != fw::net::MqttDisconnectCause::Stopped)
            die(std::string("firmware MQTT disconnected: ") + fw::net::disconnect_detail(d));
    };
    h.on_published = [this](uint16_t id) {
        if (marker_id_ != 0 && id == marker_id_) marker_acked_ = true;
        ++acked_;
        loop_.wake();
    };
    session_ = std::make_unique<fw::net::MqttSession>(loop_, rng_, tls_, cfg, h);
    auto t0 = Clock::now();
    if (!session_->start().ok()) die("firmware MQTT start failed");
    run_until([this] { return connected_; }, "CONNACK");
    return us_since(t0);
}

void FwClient::connect() {
    if (!session_) connect_session_us();
}

void FwClient::disconnect() {
    if (!session_) return;
    session_->stop();
    session_.reset();
}

Samples FwClient::mqtt_connects(int n, bool resume) {
    Samples s;
    if (resume) {
        tls_.forget_session();
        connect();
        disconnect();
    }
    for (int i = 0; i < n; ++i) {
        if (!resume) tls_.forget_session();
        s.us.push_back(connect_session_us());
        if (tls_.resumed() != resume) die("firmware MQTT connect: resumed() is not what was asked");
        disconnect();
    }
    return s;
}

size_t FwClient::publish_one_at_a_time(uint8_t qos, size_t payload, size_t count) {
    connect();
    const std::vector<uint8_t> data(payload, 'x');
    size_t outbox_peak = 0;
    for (size_t i = 0; i < count; ++i) {
        acked_ = 0;
        if (!session_->publish(identity_.topic(), data, qos).ok()) die("firmware publish failed");
        outbox_peak = std::max(outbox_peak, session_->outbox().bytes());
        run_until([this] { return acked_ > 0; }, "an ack");
    }
    return outbox_peak;
}

Throughput FwClient::publish(uint8_t qos, size_t payload, size_t count) {
    connect();
    const std::string topic = identity_.topic();
    const std::vector<uint8_t> data(payload, 'x');
    // What one message costs in the outbox: QoS 0 beyond its capacity would evict queued ones.
    const size_t cost = fw::net::Outbox::cost(payload + topic.size() + 9);
    const auto& outbox = session_->outbox();
    const uint32_t dropped0 = outbox.dropped();
    acked_ = 0;
    marker_id_ = 0;
    marker_acked_ = false;

    // While it has messages left the bench is never idle, so its loop iterations do not sleep;
    // waiting for the acks at the end they do, up to kLoopWaitMs unless an event wakes them.
    auto t0 = Clock::now();
    for (size_t sent = 0; sent < count;) {
        if (qos == 0 && outbox.bytes() + cost > outbox.capacity()) {
            loop_.run_once(0);
            continue;
        }
        auto r = session_->publish(topic, data, qos);
        if (r.ok()) {
            ++sent;
        } else if (r.err() == fw::Err::NoSpace) {
            loop_.run_once(0);
        } else {
            die("firmware publish failed");
        }
    }
    if (qos == 0) {
        auto r = session_->publish(topic, std::string_view("end"), 1);
        while (!r.ok() && r.err() == fw::Err::NoSpace) {
            loop_.run_once(0);
            r = session_->publish(topic, std::string_view("end"), 1);
        }
        if (!r.ok()) die("firmware marker publish failed");
        marker_id_ = r.value();
        run_until([this] { return marker_acked_; }, "the QoS 0 marker's PUBACK");
        if (outbox.dropped() != dropped0) die("firmware dropped QoS 0 messages");
        acked_ = count;
    } else {
        run_until([this, count] { return acked_ >= count; }, "acks");
    }
    Throughput t;
    t.seconds = us_since(t0) / 1e6;
    t.messages = acked_;
    t.payload_bytes = payload;
    return t;
}

size_t FwClient::download(const std::string& url) {
    auto u = fw::net::parse_https_url(url);
    if (!u.ok()) die("bad download URL " + url + ": " + u.err().reason);
    fw::net::TlsTransport tls(net_, clock_, rng_);
    fw::net::TlsConfig cfg;
    cfg.credentials = tls_.credentials();
    if (!tls.configure(cfg).ok()) die("firmware TLS configure failed for the download");
    fw::net::HttpGet get(loop_, tls);
    size_t got = 0;
    std::optional<fw::net::HttpResult> result;
    fw::net::HttpGetRequest req;
    req.url = u.value();
    auto body = [&got](const uint8_t*, size_t n) {
        got += n;
        return true;
    };
    if (!get.start(req, body, [&](const fw::net::HttpResult& r) { result = r; }).ok()) die("download start failed");
    run_until([&] { return result.has_value(); }, "the download");
    if (result->outcome != fw::net::HttpOutcome::Complete) die("download failed: " + result->detail);
    return got;
}

}  // namespace bench
