// MqttSession: packets to the broker. Every packet is encoded straight into the transmit queue
// or, for PUBLISH, into its outbox entry; flush() sends what one loop iteration queued at once.
#include "firmware/core/log.h"
#include "firmware/net/mqtt/mqtt_codec.h"
#include "firmware/net/mqtt/mqtt_session.h"
#include "firmware/net/mqtt/mqtt_topic.h"

namespace fw::net {

using mqtt::PacketType;

bool MqttSession::send_ack(PacketType type, uint16_t id) {
    auto r = mqtt::encode(mqtt::Ack{type, id}, tx_.space(4));
    if (!r) return false;
    tx_.commit(*r);
    return true;
}

bool MqttSession::send_empty(PacketType type) {
    auto r = mqtt::encode_empty(type, tx_.space(2));
    if (!r) return false;
    tx_.commit(*r);
    return true;
}

Result<size_t> MqttSession::use_store(OutboxStore& store) {
    if (state_ != State::Idle) return Err::BadState;
    auto restored = outbox_.attach(store);
    if (!restored) return restored;
    // Restored messages keep their packet ids: a broker holding the session knows them by id.
    for (size_t i = 0; i < outbox_.size(); ++i) (void)ids_.claim(outbox_[i].packet_id);
    if (*restored > 0) FW_LOGI(kTag, "restored %zu unacknowledged messages from flash", *restored);
    return restored;
}

Result<uint16_t> MqttSession::publish(std::string_view topic, std::string_view payload, uint8_t qos, bool retain) {
    return publish(topic, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(payload.data()), payload.size()),
                   qos, retain);
}

Result<uint16_t> MqttSession::publish(std::string_view topic, std::span<const uint8_t> payload, uint8_t qos,
                                      bool retain) {
    if (qos > 2 || !mqtt::valid_topic_name(topic)) return Err::InvalidArg;
    mqtt::Publish p{topic, payload, 0, qos, retain, false};
    size_t size = mqtt::encoded_size(p);
    if (payload.size() > cfg_.max_payload || size == 0 || size + kControlReserve > tx_.capacity()) {
        FW_LOGW(kTag, "publish to %.*s refused: %zu-byte payload too large (max %zu)", static_cast<int>(topic.size()),
                topic.data(), payload.size(), cfg_.max_payload);
        return Err::TooLarge;
    }
    // QoS 0 with nothing queued ahead of it goes straight to the transmit queue.
    if (qos == 0 && state_ == State::Connected && outbox_.queued() == 0 && tx_.free() >= size + kControlReserve) {
        auto r = mqtt::encode(p, tx_.space(size));
        tx_.commit(r ? *r : 0);
        kick();
        return uint16_t{0};
    }
    if (qos > 0) {
        p.packet_id = ids_.acquire();
        if (p.packet_id == 0) return Err::NoSpace;
    }
    if (Status s = outbox_.reserve(size); !s) {
        ids_.release(p.packet_id);
        FW_LOGD(kTag, "outbox full (%zu bytes): publish to %.*s refused", outbox_.bytes(),
                static_cast<int>(topic.size()), topic.data());
        return s.err();
    }
    std::vector<uint8_t> packet(size);
    auto r = mqtt::encode(p, packet);
    packet.resize(r ? *r : 0);
    outbox_.push(std::move(packet), qos, p.packet_id);
    kick();
    return p.packet_id;
}

void MqttSession::pump_outbox() {
    if (!outbox_.has_work()) return;
    // In order, so a reconnect re-sends in the original order [MQTT-4.6.0-1].
    for (size_t i = 0; i < outbox_.size();) {
        const Outbox::Entry& e = outbox_[i];
        if (e.state == Outbox::State::Released) {
            if (e.pubrel_due) {
                if (tx_.free() < 4 + kControlReserve || !send_ack(PacketType::Pubrel, e.packet_id)) return;
                outbox_.mark_pubrel_sent(i);
            }
            ++i;
            continue;
        }
        if (e.state == Outbox::State::Sent) {
            ++i;
            continue;
        }
        // Queued messages wait for the window in order: a QoS 0 does not overtake a QoS 1.
        if (e.qos > 0 && outbox_.in_flight() >= cfg_.inflight_window) return;
        if (tx_.free() < e.packet.size() + kControlReserve || !tx_.append(e.packet)) return;
        if (e.qos == 0) {
            outbox_.erase(i);
        } else {
            outbox_.mark_sent(i);
            ++i;
        }
    }
}

Result<uint16_t> MqttSession::subscribe(std::string_view filter, uint8_t qos) {
    mqtt::TopicFilter f{filter, qos};
    return subscribe(std::span<const mqtt::TopicFilter>(&f, 1));
}

Result<uint16_t> MqttSession::subscribe(std::span<const mqtt::TopicFilter> filters) {
    if (filters.empty()) return Err::InvalidArg;
    return send_sub(filters, {});
}

Result<uint16_t> MqttSession::unsubscribe(std::string_view filter) {
    return unsubscribe(std::span<const std::string_view>(&filter, 1));
}

Result<uint16_t> MqttSession::unsubscribe(std::span<const std::string_view> filters) {
    if (filters.empty()) return Err::InvalidArg;
    return send_sub({}, filters);
}

Result<uint16_t> MqttSession::send_sub(std::span<const mqtt::TopicFilter> subs,
                                       std::span<const std::string_view> unsubs) {
    if (state_ != State::Connected) return Err::BadState;
    uint16_t id = ids_.acquire();
    if (id == 0) return Err::NoSpace;
    size_t room = tx_.free() > kControlReserve ? tx_.free() - kControlReserve : 0;
    auto r = tx_.encode_into(room, [&](std::span<uint8_t> out) {
        return subs.empty() ? mqtt::encode(mqtt::Unsubscribe{id, unsubs}, out)
                            : mqtt::encode(mqtt::Subscribe{id, subs}, out);
    });
    if (!r) {
        ids_.release(id);
        // No room in an empty queue: the packet can never fit.
        if (r.err() == Err::NoSpace) return tx_.empty() ? Err::TooLarge : Err::WouldBlock;
        return r.err();
    }
    PendingAck p{id, subs.empty(), {}};
    for (const auto& s : subs) p.requested_qos.push_back(s.qos);
    pending_acks_.push_back(std::move(p));
    kick();
    return id;
}

}  // namespace fw::net
