// MqttSession: lifecycle, timers and transport I/O. Inbound packets: mqtt_session_inbound.cpp;
// outbound: mqtt_session_outbound.cpp.
#include "firmware/net/mqtt/mqtt_session.h"

#include <algorithm>

#include "firmware/core/enum_names.h"
#include "firmware/core/log.h"
#include "firmware/net/mqtt/mqtt_codec.h"
#include "firmware/net/mqtt/mqtt_topic.h"

namespace fw::net {

namespace {

constexpr uint64_t kNever = UINT64_MAX;
// Transport reads per loop iteration, so a flood from the broker cannot starve the loop.
constexpr int kMaxReadsPerService = 16;
// Transmit-buffer refills per service() call before yielding to the rest of the loop.
constexpr int kMaxRefillsPerService = 8;
// While the transport refuses bytes, try again this soon (it may not wake the loop).
constexpr uint32_t kSendRetryMs = 2;

mqtt::Connect make_connect(const MqttConfig& c) {
    mqtt::Connect p;
    p.client_id = c.client_id;
    if (c.username) p.username = *c.username;
    if (c.password)
        p.password = std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(c.password->data()), c.password->size());
    if (c.will) p.will = mqtt::Will{c.will->topic, c.will->payload, c.will->qos, c.will->retain};
    p.keep_alive_s = c.keep_alive_s;
    p.clean_session = c.clean_session;
    return p;
}

MqttDisconnect because(MqttDisconnectCause cause) {
    MqttDisconnect d;
    d.cause = cause;
    return d;
}

MqttDisconnect link_lost(LinkError e) {
    MqttDisconnect d = because(MqttDisconnectCause::Link);
    d.link = e;
    return d;
}

}  // namespace

constexpr fw::EnumName<MqttSession::State> kStateNames[] = {
    {MqttSession::State::Idle, "idle"},
    {MqttSession::State::WaitReconnect, "waiting to reconnect"},
    {MqttSession::State::Connecting, "connecting"},
    {MqttSession::State::AwaitConnack, "awaiting CONNACK"},
    {MqttSession::State::Connected, "connected"},
};

const char* name_of(MqttSession::State s) { return fw::name_in(kStateNames, s); }

MqttSession::MqttSession(EventLoop& loop, hal::Rng& rng, Transport& transport, MqttConfig config, MqttHandlers handlers)
    : loop_(loop),
      transport_(transport),
      cfg_(std::move(config)),
      handlers_(std::move(handlers)),
      backoff_(rng, cfg_.backoff_base_ms, cfg_.backoff_cap_ms, cfg_.backoff_floor_ms),
      reader_(cfg_.rx_buffer),
      tx_(cfg_.tx_buffer),
      outbox_(cfg_.outbox_bytes) {}

MqttSession::~MqttSession() {
    if (has_poller_) loop_.remove_poller(poller_);
    if (timer_ != EventLoop::kNoTimer) loop_.cancel(timer_);
    if (state_ == State::Connecting || link_up()) transport_.close();
}

Status MqttSession::check_config() {
    if (cfg_.host.empty() || cfg_.inflight_window == 0) return Err::InvalidArg;
    // An empty client id is only allowed with a clean session [MQTT-3.1.3-7].
    if (cfg_.client_id.empty() && !cfg_.clean_session) return Err::InvalidArg;
    if (cfg_.rx_buffer < kMinRxBuffer) return Err::InvalidArg;
    // Encoding CONNECT checks every field (UTF-8, will topic and QoS, password needs a user
    // name) and that it fits the (idle, empty) transmit buffer with room to spare.
    auto room = tx_.space(tx_.capacity());
    if (room.size() <= kControlReserve) return Err::InvalidArg;
    auto r = mqtt::encode(make_connect(cfg_), room.first(room.size() - kControlReserve));
    tx_.release();
    return r ? ok_status() : Status(Err::InvalidArg);
}

Status MqttSession::start() {
    if (state_ != State::Idle) return Err::BadState;
    FW_TRY(check_config());
    poller_ = loop_.add_poller([this] { service(); });
    has_poller_ = true;
    backoff_.reset();
    state_ = State::WaitReconnect;
    reconnect_at_ = now();
    arm_timer();
    return ok_status();
}

void MqttSession::stop() {
    if (state_ == State::Idle) return;
    if (state_ == State::Connected && send_empty(mqtt::PacketType::Disconnect)) {
        // Best effort: the link closes right after, whatever the transport took.
        auto p = tx_.pending();
        size_t n = 0;
        (void)transport_.send(p.data(), p.size(), n);
    }
    if (has_poller_) loop_.remove_poller(poller_);
    has_poller_ = false;
    if (timer_ != EventLoop::kNoTimer) loop_.cancel(timer_);
    timer_ = EventLoop::kNoTimer;
    drop(because(MqttDisconnectCause::Stopped));
}

void MqttSession::network_restored() {
    if (state_ != State::WaitReconnect) return;
    backoff_.reset();
    uint64_t due = now() + backoff_.next_ms();
    if (due >= reconnect_at_) return;
    reconnect_at_ = due;
    FW_LOGI(kTag, "network back: next attempt in %u ms", static_cast<unsigned>(due - now()));
    arm_timer();
}

void MqttSession::service() {
    if (in_service_) return;
    in_service_ = true;
    if (state_ == State::WaitReconnect && now() >= reconnect_at_) begin_connect();
    if (state_ == State::Connecting) poll_connecting();
    bool more = link_up() && read_inbound();
    if (state_ == State::Connected) pump_outbox();
    check_deadlines();
    if (link_up()) flush();
    // The transmit buffer drained: refill it now rather than at the next wake-up, which may be a
    // timer seconds away. A full socket leaves bytes in tx_ and wakes the loop when writable.
    for (int i = 0; state_ == State::Connected && tx_.empty(); ++i) {
        pump_outbox();
        if (tx_.empty()) break;
        if (i == kMaxRefillsPerService) {
            more = true;
            break;
        }
        flush();
    }
    // Nothing left to write: the transmit buffer goes back to the heap until the next packet.
    tx_.trim();
    in_service_ = false;
    arm_timer();
    if (more) arm_at(now());
}

void MqttSession::begin_connect() {
    ++attempts_;
    state_ = State::Connecting;
    attempt_deadline_ = now() + cfg_.connect_timeout_ms;
    reader_.release();
    tx_.release();
    FW_LOGI(kTag, "connecting to %s:%u (attempt %u)", cfg_.host.c_str(), cfg_.port, static_cast<unsigned>(attempts_));
    if (!transport_.start_connect(cfg_.host.c_str(), cfg_.port))
        drop(link_lost(link_error_or(LinkError::ConnectRefused)));
}

void MqttSession::poll_connecting() {
    Status s = transport_.poll_connect();
    if (s.err() == Err::WouldBlock) return;
    if (!s) {
        drop(link_lost(link_error_or(LinkError::ConnectRefused)));
        return;
    }
    send_connect();
}

void MqttSession::send_connect() {
    // check_config() proved CONNECT fits an empty transmit buffer.
    const mqtt::Connect connect = make_connect(cfg_);
    (void)tx_.encode_into(tx_.capacity(), [&](std::span<uint8_t> out) { return mqtt::encode(connect, out); });
    state_ = State::AwaitConnack;
}

LinkError MqttSession::link_error_or(LinkError fallback) const {
    LinkError e = transport_.last_error();
    return e == LinkError::None ? fallback : e;
}

void MqttSession::check_deadlines() {
    uint64_t t = now();
    if (state_ == State::Connecting || state_ == State::AwaitConnack) {
        if (t >= attempt_deadline_) drop(because(MqttDisconnectCause::ConnectTimeout));
        return;
    }
    if (state_ != State::Connected) return;
    if (!stable_ && t >= connected_at_ + cfg_.stable_after_ms) {
        stable_ = true;
        backoff_.reset();
    }
    if (cfg_.keep_alive_s == 0) return;
    uint64_t ka = cfg_.keep_alive_s * 1000ull;
    if (ping_outstanding_) {
        // From the PINGREQ, not the last byte [MQTT 3.1.2.10]: a broker dripping bytes that never
        // make a PINGRESP must not keep a dead session up.
        if (t >= ping_sent_ + ka / 2) drop(because(MqttDisconnectCause::PingTimeout));
    } else if (t >= last_tx_ + ka || t >= last_rx_ + ka) {
        // Also when only receiving is idle: QoS 0 traffic alone would never reveal a dead link.
        if (send_empty(mqtt::PacketType::Pingreq)) {
            ping_outstanding_ = true;
            ping_sent_ = t;
        }
    }
}

uint64_t MqttSession::next_deadline() {
    uint64_t d = kNever;
    switch (state_) {
        case State::Idle: return kNever;
        case State::WaitReconnect: return reconnect_at_;
        case State::Connecting:
        case State::AwaitConnack: d = attempt_deadline_; break;
        case State::Connected: {
            if (!stable_) d = connected_at_ + cfg_.stable_after_ms;
            if (cfg_.keep_alive_s == 0) break;
            uint64_t ka = cfg_.keep_alive_s * 1000ull;
            uint64_t ping = ping_outstanding_ ? ping_sent_ + ka / 2 : std::min(last_tx_, last_rx_) + ka;
            d = std::min(d, ping);
            break;
        }
    }
    if (!tx_.empty()) d = std::min(d, now() + kSendRetryMs);
    return d;
}

void MqttSession::arm_at(uint64_t due) {
    // An earlier timer may stay: when it fires, service() arms the next deadline.
    if (timer_ != EventLoop::kNoTimer && timer_due_ <= due) return;
    if (timer_ != EventLoop::kNoTimer) loop_.cancel(timer_);
    uint64_t t = now();
    uint64_t delay = due > t ? std::min<uint64_t>(due - t, UINT32_MAX) : 0;
    timer_due_ = due;
    timer_ = loop_.add_timer(static_cast<uint32_t>(delay), [this] {
        timer_ = EventLoop::kNoTimer;
        service();
    });
}

void MqttSession::arm_timer() {
    uint64_t d = next_deadline();
    if (d != kNever) arm_at(d);
}

void MqttSession::kick() {
    if (!in_service_ && state_ != State::Idle) arm_at(now());
}

void MqttSession::flush() {
    while (!tx_.empty()) {
        auto p = tx_.pending();
        size_t n = 0;
        Status s = transport_.send(p.data(), p.size(), n);
        if (s.err() == Err::WouldBlock || (s && n == 0)) return;
        if (!s) {
            drop(link_lost(link_error_or(LinkError::PeerClosed)));
            return;
        }
        tx_.consume(n);
        last_tx_ = now();
    }
}

bool MqttSession::read_inbound() {
    for (int i = 0; i < kMaxReadsPerService; ++i) {
        if (!process_frames()) return false;
        auto space = reader_.space();
        size_t n = 0;
        Status s = transport_.recv(space.data(), space.size(), n);
        if (s.err() == Err::WouldBlock || (s && n == 0)) return false;
        if (!s) {
            drop(link_lost(link_error_or(LinkError::PeerClosed)));
            return false;
        }
        reader_.commit(n);
        last_rx_ = now();
    }
    // Stopped at the limit with bytes possibly left: some may sit decrypted in the transport,
    // where no socket event announces them, so the caller comes back on the next iteration.
    return process_frames();
}

bool MqttSession::process_frames() {
    while (link_up()) {
        // Each frame may need an acknowledgement: keep room for it, or leave the rest unread
        // (back-pressure to the broker) until the transport takes our bytes.
        if (tx_.free() < kControlReserve) {
            flush();
            if (!link_up() || tx_.free() < kControlReserve) return false;
        }
        mqtt::FrameReader::Frame f;
        auto r = reader_.next(f);
        if (!r.ok()) {
            protocol_error(r.err(), "stream");
            return false;
        }
        if (*r == mqtt::FrameReader::Next::NeedMore) return true;
        handle_frame(f);
    }
    return false;
}

void MqttSession::drop(MqttDisconnect r) {
    r.was_connected = state_ == State::Connected;
    transport_.close();
    tx_.release();
    reader_.release();
    outbox_.requeue();
    for (const auto& p : pending_acks_) ids_.release(p.packet_id);
    pending_acks_.clear();
    ping_outstanding_ = false;
    if (r.cause == MqttDisconnectCause::Stopped) {
        state_ = State::Idle;
        FW_LOGI(kTag, "stopped");
    } else {
        r.retry_in_ms = backoff_.next_ms();
        reconnect_at_ = now() + r.retry_in_ms;
        state_ = State::WaitReconnect;
        FW_LOGW(kTag, "%s: %s (%s); retry in %u ms", r.was_connected ? "disconnected" : "connection attempt failed",
                name_of(r.cause), disconnect_detail(r), static_cast<unsigned>(r.retry_in_ms));
    }
    if (handlers_.on_disconnected) handlers_.on_disconnected(r);
}

}  // namespace fw::net
