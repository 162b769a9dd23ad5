#include "loop_broker.h"

#include <mbedtls/error.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "firmware/app/identity/x509_info.h"
#include "firmware/net/mqtt/mqtt_codec.h"
#include "firmware/net/mqtt/mqtt_topic.h"
#include "hal_posix/heap_scope.h"

namespace device_test {
namespace mqtt = fw::net::mqtt;

struct LoopBroker::Conn {
    hal::Socket sock = hal::kNoSocket;
    bool refused = false;  // the broker was down: connect_result() says so
    bool broken = false;   // the link broke: every call fails
    bool ended = false;    // the broker closed its side (after a refusal, an error or DISCONNECT)
    std::deque<uint8_t> to_broker, to_device;
    mbedtls_ssl_context ssl;
    bool handshaken = false;
    bool mqtt_up = false;
    std::vector<uint8_t> rx;  // plaintext from the device, not yet a whole packet
    std::vector<std::string> filters;

    Conn() { mbedtls_ssl_init(&ssl); }
    ~Conn() { mbedtls_ssl_free(&ssl); }
};

namespace {

int bio_send(void* ctx, const unsigned char* buf, size_t len) {
    auto* q = static_cast<std::deque<uint8_t>*>(ctx);
    q->insert(q->end(), buf, buf + len);
    return static_cast<int>(len);
}

int bio_recv(void* ctx, unsigned char* buf, size_t len) {
    auto* q = static_cast<std::deque<uint8_t>*>(ctx);
    if (q->empty()) return MBEDTLS_ERR_SSL_WANT_READ;
    size_t n = std::min(len, q->size());
    std::copy_n(q->begin(), n, buf);
    q->erase(q->begin(), q->begin() + static_cast<std::ptrdiff_t>(n));
    return static_cast<int>(n);
}

}  // namespace

LoopBroker::LoopBroker(const std::string& server_chain_file, const std::string& server_key_file,
                       const std::string& ca_file)
    : ready_(
          tls_.load(server_chain_file, server_key_file, ca_file, testsupport::TlsServerContext::Seed::Deterministic)) {}

LoopBroker::~LoopBroker() { conn_.reset(); }

bool LoopBroker::online() const { return conn_ && conn_->mqtt_up && !conn_->broken && !conn_->ended; }

size_t LoopBroker::received_on(const std::string& topic) const {
    return static_cast<size_t>(
        std::count_if(received.begin(), received.end(), [&](const Message& m) { return m.topic == topic; }));
}

LoopBroker::Conn* LoopBroker::find(hal::Socket s) { return conn_ && conn_->sock == s ? conn_.get() : nullptr; }

bool LoopBroker::silent(hal::Socket s) const { return std::find(silent_.begin(), silent_.end(), s) != silent_.end(); }

void LoopBroker::drop() {
    hal_posix::HostHeap host_heap;  // the broker's heap is not the device's
    if (conn_) conn_->broken = true;
}

hal::Status LoopBroker::connect(const char* host, uint16_t, hal::Socket& out) {
    hal_posix::HostHeap host_heap;  // the broker's heap is not the device's
    if (std::find(silent_hosts.begin(), silent_hosts.end(), host) != silent_hosts.end()) {
        out = next_socket_++;
        silent_.push_back(out);
        return hal::Status::Ok;
    }
    ++connect_attempts;
    if (!network_up) return hal::Status::Reset;
    conn_ = std::make_unique<Conn>();
    conn_->sock = next_socket_++;
    conn_->refused = !accepting;
    if (!conn_->refused) {
        mbedtls_ssl_setup(&conn_->ssl, &tls_.conf);
        // mbedtls hands one context to both callbacks: each picks its direction's queue.
        mbedtls_ssl_set_bio(
            &conn_->ssl, conn_.get(),
            [](void* c, const unsigned char* b, size_t n) { return bio_send(&static_cast<Conn*>(c)->to_device, b, n); },
            [](void* c, unsigned char* b, size_t n) { return bio_recv(&static_cast<Conn*>(c)->to_broker, b, n); },
            nullptr);
    }
    out = conn_->sock;
    return hal::Status::Ok;
}

hal::Status LoopBroker::connect_result(hal::Socket s) {
    hal_posix::HostHeap host_heap;  // the broker's heap is not the device's
    if (silent(s)) return hal::Status::WouldBlock;
    Conn* c = find(s);
    if (c == nullptr || c->broken || !network_up) return hal::Status::Reset;
    return c->refused ? hal::Status::Refused : hal::Status::Ok;
}

hal::Status LoopBroker::send(hal::Socket s, const void* data, size_t len, size_t& sent) {
    hal_posix::HostHeap host_heap;  // the broker's heap is not the device's
    sent = 0;
    Conn* c = find(s);
    if (c == nullptr || c->broken || !network_up) return hal::Status::Reset;
    if (c->ended) return hal::Status::Closed;
    const auto* p = static_cast<const uint8_t*>(data);
    c->to_broker.insert(c->to_broker.end(), p, p + len);
    sent = len;
    pump(*c);
    return hal::Status::Ok;
}

hal::Status LoopBroker::recv(hal::Socket s, void* buf, size_t cap, size_t& got) {
    hal_posix::HostHeap host_heap;  // the broker's heap is not the device's
    got = 0;
    Conn* c = find(s);
    if (c == nullptr || c->broken || !network_up) return hal::Status::Reset;
    pump(*c);
    if (c->to_device.empty()) return c->ended ? hal::Status::Closed : hal::Status::WouldBlock;
    got = std::min(cap, c->to_device.size());
    std::copy_n(c->to_device.begin(), got, static_cast<uint8_t*>(buf));
    c->to_device.erase(c->to_device.begin(), c->to_device.begin() + static_cast<std::ptrdiff_t>(got));
    return hal::Status::Ok;
}

void LoopBroker::close(hal::Socket s) {
    hal_posix::HostHeap host_heap;  // the broker's heap is not the device's
    if (udp.close(s)) return;
    silent_.erase(std::remove(silent_.begin(), silent_.end(), s), silent_.end());
    if (find(s) != nullptr) conn_.reset();
}

void LoopBroker::pump(Conn& c) {
    if (c.refused || c.ended) return;
    if (!c.handshaken) {
        int rc = mbedtls_ssl_handshake(&c.ssl);
        if (rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE) return;
        if (rc != 0) {
            c.ended = true;  // the alert, if any, is already queued for the device
            return;
        }
        c.handshaken = true;
        const mbedtls_x509_crt* peer = mbedtls_ssl_get_peer_cert(&c.ssl);
        client_cn = peer != nullptr ? fw::app::x509_common_name(peer->subject) : "";
    }
    uint8_t buf[4096];
    for (;;) {
        int rc = mbedtls_ssl_read(&c.ssl, buf, sizeof buf);
        if (rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE) break;
        if (rc <= 0) {
            c.ended = true;
            return;
        }
        c.rx.insert(c.rx.end(), buf, buf + rc);
    }
    while (!c.ended) {
        mqtt::FixedHeader h;
        if (mqtt::decode_fixed_header(c.rx, h) != mqtt::CodecError::None) break;  // need more bytes
        size_t total = h.size + h.remaining;
        if (c.rx.size() < total) break;
        std::vector<uint8_t> packet(c.rx.begin(), c.rx.begin() + static_cast<std::ptrdiff_t>(total));
        c.rx.erase(c.rx.begin(), c.rx.begin() + static_cast<std::ptrdiff_t>(total));
        handle_packet(c, h.byte, packet.data() + h.size, h.remaining);
    }
}

void LoopBroker::write_packet(Conn& c, const uint8_t* data, size_t len) {
    while (len > 0) {
        int rc = mbedtls_ssl_write(&c.ssl, data, len);
        if (rc <= 0) {
            c.ended = true;
            return;
        }
        data += rc;
        len -= static_cast<size_t>(rc);
    }
}

void LoopBroker::handle_packet(Conn& c, uint8_t header, const uint8_t* body, size_t len) {
    std::span<const uint8_t> b(body, len);
    std::array<uint8_t, 64> out{};
    auto send_ack = [&](mqtt::PacketType t, uint16_t id) {
        auto n = mqtt::encode(mqtt::Ack{t, id}, out);
        if (n.ok()) write_packet(c, out.data(), n.value());
    };
    switch (static_cast<mqtt::PacketType>(header >> 4)) {
        case mqtt::PacketType::Connect: {
            mqtt::Connect p;
            if (mqtt::parse_connect(header, b, p) != mqtt::CodecError::None) break;
            client_id = std::string(p.client_id);
            username = p.username ? std::optional<std::string>(std::string(*p.username)) : std::nullopt;
            mqtt::Connack ack;
            ack.code = static_cast<mqtt::ConnackCode>(connack_code);
            auto n = mqtt::encode(ack, out);
            if (n.ok()) write_packet(c, out.data(), n.value());
            if (connack_code != 0) break;
            c.mqtt_up = true;
            ++sessions;
            session_cns.push_back(client_cn);
            return;
        }
        case mqtt::PacketType::Subscribe: {
            std::array<mqtt::TopicFilter, 16> storage;
            mqtt::Subscribe p;
            if (mqtt::parse_subscribe(header, b, storage, p) != mqtt::CodecError::None) break;
            std::vector<uint8_t> codes;
            for (const auto& f : p.filters) {
                c.filters.emplace_back(f.filter);
                subscriptions.emplace_back(f.filter);
                codes.push_back(std::min<uint8_t>(f.qos, 1));
            }
            auto n = mqtt::encode(mqtt::Suback{p.packet_id, codes}, out);
            if (n.ok()) write_packet(c, out.data(), n.value());
            return;
        }
        case mqtt::PacketType::Publish: {
            mqtt::Publish p;
            if (mqtt::parse_publish(header, b, p) != mqtt::CodecError::None) break;
            received.push_back({std::string(p.topic), std::string(p.payload.begin(), p.payload.end()), p.qos});
            if (p.qos == 1 && acking) send_ack(mqtt::PacketType::Puback, p.packet_id);
            if (p.qos == 2 && acking) send_ack(mqtt::PacketType::Pubrec, p.packet_id);
            if (on_publish) on_publish(Message(received.back()));  // a copy: the hook may add to `received`
            return;
        }
        case mqtt::PacketType::Pubrel: {
            mqtt::Ack a;
            if (mqtt::parse_ack(header, b, a) != mqtt::CodecError::None) break;
            send_ack(mqtt::PacketType::Pubcomp, a.packet_id);
            return;
        }
        case mqtt::PacketType::Puback: return;  // for our own QoS 1 deliveries
        case mqtt::PacketType::Pingreq: {
            auto n = mqtt::encode_empty(mqtt::PacketType::Pingresp, out);
            if (n.ok()) write_packet(c, out.data(), n.value());
            return;
        }
        default: break;  // DISCONNECT, or anything a broker does not expect: close
    }
    c.ended = true;
}

void LoopBroker::publish(const std::string& topic, const std::string& payload, bool retain) {
    hal_posix::HostHeap host_heap;  // the broker's heap is not the device's
    if (!online()) return;
    bool wanted = std::any_of(conn_->filters.begin(), conn_->filters.end(),
                              [&](const std::string& f) { return mqtt::topic_matches(f, topic); });
    if (!wanted) return;
    mqtt::Publish p;
    p.topic = topic;
    p.payload = std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(payload.data()), payload.size());
    p.qos = 1;
    p.retain = retain;
    p.packet_id = next_packet_id_++;
    if (next_packet_id_ == 0) next_packet_id_ = 1;
    std::vector<uint8_t> out(mqtt::encoded_size(p));
    auto n = mqtt::encode(p, out);
    if (n.ok()) write_packet(*conn_, out.data(), n.value());
}

}  // namespace device_test
