// MqttSession: packets from the broker.
#include <algorithm>

#include "firmware/core/log.h"
#include "firmware/net/mqtt/mqtt_codec.h"
#include "firmware/net/mqtt/mqtt_session.h"

namespace fw::net {

using mqtt::CodecError;
using mqtt::PacketType;

namespace {

// Inbound QoS 2 messages received and not yet released, at most. Brokers bound their in-flight
// window far below this (mosquitto: 20); more means the broker never sends PUBREL.
constexpr size_t kMaxInboundQos2 = 256;

}  // namespace

void MqttSession::protocol_error(CodecError e, const char* what) {
    FW_LOGE(kTag, "protocol error from broker: %s (%s)", mqtt::name_of(e), what);
    MqttDisconnect d;
    d.cause = MqttDisconnectCause::Protocol;
    d.codec = e;
    drop(d);
}

void MqttSession::handle_frame(const mqtt::FrameReader::Frame& f) {
    PacketType type = f.header.type();
    if (state_ == State::AwaitConnack) {
        if (type == PacketType::Connack)
            handle_connack(f);
        else
            protocol_error(CodecError::UnexpectedPacket, "a packet other than CONNACK answered CONNECT");
        return;
    }
    switch (type) {
        case PacketType::Publish: handle_publish(f); return;
        case PacketType::Puback:
        case PacketType::Pubrec:
        case PacketType::Pubrel:
        case PacketType::Pubcomp:
        case PacketType::Unsuback: handle_ack(f); return;
        case PacketType::Suback: handle_suback(f); return;
        case PacketType::Pingresp: {
            CodecError e = mqtt::parse_empty(f.header.byte, f.data).err();
            if (e != CodecError::None) return protocol_error(e, "PINGRESP");
            ping_outstanding_ = false;
            return;
        }
        case PacketType::Connack: protocol_error(CodecError::UnexpectedPacket, "a second CONNACK"); return;
        default: protocol_error(CodecError::ClientOnlyPacket, mqtt::name_of(type));
    }
}

void MqttSession::handle_connack(const mqtt::FrameReader::Frame& f) {
    mqtt::Connack c;
    CodecError e = mqtt::parse_connack(f.header.byte, f.data, c).err();
    if (e != CodecError::None) return protocol_error(e, "CONNACK");
    if (c.code != mqtt::ConnackCode::Accepted) {
        FW_LOGE(kTag, "broker refused the connection: %s (CONNACK code %u)", mqtt::name_of(c.code),
                static_cast<unsigned>(c.code));
        MqttDisconnect d;
        d.cause = MqttDisconnectCause::Refused;
        d.connack = c.code;
        return drop(d);
    }
    // A broker must not claim a session for a clean-session client [MQTT-3.2.2-1].
    bool session_present = c.session_present && !cfg_.clean_session;
    state_ = State::Connected;
    ++connections_;
    connected_at_ = last_rx_ = now();
    stable_ = false;
    ping_outstanding_ = false;
    if (!session_present) inbound_qos2_.clear();  // the broker forgot them too
    FW_LOGI(kTag, "connected to %s:%u as '%s' (session present: %s, %u queued)", cfg_.host.c_str(), cfg_.port,
            cfg_.client_id.c_str(), session_present ? "yes" : "no", static_cast<unsigned>(outbox_.size()));
    if (handlers_.on_connected) handlers_.on_connected(session_present);
}

bool MqttSession::remember_inbound_qos2(uint16_t id) {
    if (std::find(inbound_qos2_.begin(), inbound_qos2_.end(), id) != inbound_qos2_.end()) return true;
    if (inbound_qos2_.size() >= kMaxInboundQos2) {
        protocol_error(CodecError::TooManyUnreleased, "the broker sends no PUBREL");
        return false;
    }
    inbound_qos2_.push_back(id);
    return true;
}

void MqttSession::handle_publish(const mqtt::FrameReader::Frame& f) {
    std::string_view topic = inbound_.topic;
    size_t skip = 0;  // head bytes at the start of this part
    if (f.offset == 0) {
        mqtt::Publish p;
        CodecError e = mqtt::parse_publish_head(f.header.byte, f.data, p, inbound_.head_len).err();
        if (e == CodecError::Truncated && !f.whole()) e = CodecError::TooLarge;  // head beyond the buffer
        if (e != CodecError::None) return protocol_error(e, "PUBLISH");
        inbound_.packet_id = p.packet_id;
        inbound_.qos = p.qos;
        inbound_.retained = p.retain;
        inbound_.dup = p.dup;
        // A QoS 2 id not yet released was delivered already: the broker re-sent it.
        inbound_.deliver =
            p.qos < 2 || std::find(inbound_qos2_.begin(), inbound_qos2_.end(), p.packet_id) == inbound_qos2_.end();
        if (f.whole()) {
            topic = p.topic;
        } else {
            inbound_.topic.assign(p.topic);
            topic = inbound_.topic;
        }
        skip = inbound_.head_len;
    }
    MqttMessage m;
    m.topic = topic;
    m.data = f.data.subspan(skip);
    m.offset = f.offset + skip - inbound_.head_len;
    m.total_len = f.header.remaining - inbound_.head_len;
    m.qos = inbound_.qos;
    m.retained = inbound_.retained;
    m.dup = inbound_.dup;
    if (inbound_.deliver && handlers_.on_message && (!m.data.empty() || m.total_len == 0)) handlers_.on_message(m);
    if (!link_up() || !f.last()) return;
    // Acknowledge only once the whole message reached the app.
    if (inbound_.qos == 1) {
        send_ack(PacketType::Puback, inbound_.packet_id);
    } else if (inbound_.qos == 2) {
        if (inbound_.deliver && !remember_inbound_qos2(inbound_.packet_id)) return;
        send_ack(PacketType::Pubrec, inbound_.packet_id);
    }
}

void MqttSession::handle_ack(const mqtt::FrameReader::Frame& f) {
    mqtt::Ack a;
    CodecError e = mqtt::parse_ack(f.header.byte, f.data, a).err();
    if (e != CodecError::None) return protocol_error(e, mqtt::name_of(f.header.type()));
    switch (a.type) {
        case PacketType::Puback: return handle_completion(a.packet_id, 1, Outbox::State::Sent, "PUBACK");
        case PacketType::Pubcomp: return handle_completion(a.packet_id, 2, Outbox::State::Released, "PUBCOMP");
        case PacketType::Pubrec: return handle_pubrec(a.packet_id);
        case PacketType::Pubrel:
            inbound_qos2_.erase(std::remove(inbound_qos2_.begin(), inbound_qos2_.end(), a.packet_id),
                                inbound_qos2_.end());
            send_ack(PacketType::Pubcomp, a.packet_id);  // also for an unknown id [MQTT-4.3.3-2]
            return;
        default: return handle_unsuback(a.packet_id);
    }
}

void MqttSession::handle_completion(uint16_t id, uint8_t qos, Outbox::State expected, const char* what) {
    size_t i = outbox_.find(id);
    if (i == outbox_.size() || outbox_[i].qos != qos || outbox_[i].state != expected) {
        FW_LOGW(kTag, "ignoring %s for packet id %u: no such message in flight", what, id);
        return;
    }
    outbox_.erase(i);
    ids_.release(id);
    if (handlers_.on_published) handlers_.on_published(id);
}

void MqttSession::handle_pubrec(uint16_t id) {
    size_t i = outbox_.find(id);
    bool known = i < outbox_.size() && outbox_[i].qos == 2 && outbox_[i].state != Outbox::State::Queued;
    if (known)
        outbox_.mark_released(i);
    else
        FW_LOGW(kTag, "PUBREC for packet id %u: no such message in flight", id);
    // Answer even an unknown id, or the broker keeps it forever.
    if (send_ack(PacketType::Pubrel, id) && known) outbox_.mark_pubrel_sent(i);
}

void MqttSession::handle_suback(const mqtt::FrameReader::Frame& f) {
    mqtt::Suback s;
    CodecError e = mqtt::parse_suback(f.header.byte, f.data, s).err();
    if (e != CodecError::None) return protocol_error(e, "SUBACK");
    auto it = std::find_if(pending_acks_.begin(), pending_acks_.end(),
                           [&](const PendingAck& p) { return p.packet_id == s.packet_id && !p.unsubscribe; });
    if (it == pending_acks_.end()) {
        FW_LOGW(kTag, "ignoring SUBACK for packet id %u: no such SUBSCRIBE", s.packet_id);
        return;
    }
    if (s.codes.size() != it->requested_qos.size()) return protocol_error(CodecError::CountMismatch, "SUBACK");
    for (size_t k = 0; k < s.codes.size(); ++k) {
        if (s.codes[k] == mqtt::kSubackFailure)
            FW_LOGW(kTag, "subscription %u: filter %zu refused by the broker", s.packet_id, k);
        else if (s.codes[k] < it->requested_qos[k])
            FW_LOGW(kTag, "subscription %u: filter %zu granted QoS %u (asked %u)", s.packet_id, k, s.codes[k],
                    it->requested_qos[k]);
    }
    pending_acks_.erase(it);
    ids_.release(s.packet_id);
    if (handlers_.on_subscribed) handlers_.on_subscribed(s.packet_id, s.codes);
}

void MqttSession::handle_unsuback(uint16_t id) {
    auto it = std::find_if(pending_acks_.begin(), pending_acks_.end(),
                           [&](const PendingAck& p) { return p.packet_id == id && p.unsubscribe; });
    if (it == pending_acks_.end()) {
        FW_LOGW(kTag, "ignoring UNSUBACK for packet id %u: no such UNSUBSCRIBE", id);
        return;
    }
    pending_acks_.erase(it);
    ids_.release(id);
    if (handlers_.on_unsubscribed) handlers_.on_unsubscribed(id);
}

}  // namespace fw::net
