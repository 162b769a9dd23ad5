#include "firmware/net/mqtt/outbox.h"

#include <algorithm>

#include "firmware/net/mqtt/mqtt_codec.h"

namespace fw::net {

Status Outbox::reserve(size_t packet_len) {
    size_t need = cost(packet_len);
    if (need > capacity_ || bytes_ - qos0_bytes_ > capacity_ - need) {
        ++refused_;
        return Err::NoSpace;
    }
    // QoS 0 entries are always Queued (they leave once written), oldest first in the deque.
    for (size_t i = 0; bytes_ > capacity_ - need && i < entries_.size();) {
        if (entries_[i].qos == 0) {
            erase(i);
            ++dropped_;
        } else {
            ++i;
        }
    }
    return ok_status();
}

void Outbox::append(Entry e) {
    size_t c = cost(e.packet.size());
    bytes_ += c;
    if (e.qos == 0) qos0_bytes_ += c;
    ++queued_;
    entries_.push_back(std::move(e));
}

void Outbox::push(std::vector<uint8_t> packet, uint8_t qos, uint16_t packet_id) {
    Entry e{std::move(packet), packet_id, qos, State::Queued, false, 0};
    if (store_ != nullptr && qos > 0) {
        if (store_->save(next_key_, e.packet))
            e.store_key = next_key_++;
        else
            ++unsaved_;
    }
    append(std::move(e));
}

Result<size_t> Outbox::attach(OutboxStore& store) {
    if (!entries_.empty() || store_ != nullptr) return Err::BadState;  // restored messages go first
    size_t restored = 0;
    Status s = store.load([&](uint32_t key, std::span<const uint8_t> packet) {
        next_key_ = std::max(next_key_, key + 1);
        mqtt::FixedHeader h;
        std::span<const uint8_t> body;
        mqtt::Publish p;
        size_t head_len = 0;
        bool valid = mqtt::split_packet(packet, h, body).ok() &&
                     mqtt::parse_publish_head(h.byte, body, p, head_len).ok() && p.qos > 0;
        bool fits = cost(packet.size()) <= capacity_ - std::min(capacity_, bytes_);
        if (!valid || find(p.packet_id) != entries_.size() || !fits) {
            if (valid) ++dropped_;
            store.erase(key);
            return;
        }
        Entry e{std::vector<uint8_t>(packet.begin(), packet.end()), p.packet_id, p.qos, State::Queued, false, key};
        e.packet[0] |= 0x08;  // DUP: it may have been sent before the reboot
        append(std::move(e));
        ++restored;
    });
    if (!s) return s.err();
    store_ = &store;
    return restored;
}

size_t Outbox::find(uint16_t packet_id) const {
    for (size_t i = 0; i < entries_.size(); ++i)
        if (entries_[i].qos > 0 && entries_[i].packet_id == packet_id) return i;
    return entries_.size();
}

void Outbox::set_state(Entry& e, State s, bool pubrel_due) {
    queued_ -= e.state == State::Queued;
    in_flight_ -= e.state != State::Queued;
    pubrel_due_ -= e.pubrel_due;
    e.state = s;
    e.pubrel_due = pubrel_due;
    queued_ += s == State::Queued;
    in_flight_ += s != State::Queued;
    pubrel_due_ += pubrel_due;
}

void Outbox::erase(size_t i) {
    Entry& e = entries_[i];
    set_state(e, State::Queued, false);  // leave the counters as if it never left the queue
    --queued_;
    size_t c = cost(e.packet.size());
    bytes_ -= c;
    if (e.qos == 0) qos0_bytes_ -= c;
    if (e.store_key != 0) store_->erase(e.store_key);
    entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(i));
}

void Outbox::mark_sent(size_t i) { set_state(entries_[i], State::Sent, false); }
void Outbox::mark_released(size_t i) { set_state(entries_[i], State::Released, true); }
void Outbox::mark_pubrel_sent(size_t i) { set_state(entries_[i], State::Released, false); }

void Outbox::requeue() {
    for (auto& e : entries_) {
        if (e.state == State::Sent) {
            e.packet[0] |= 0x08;  // DUP: the broker may have seen it [MQTT-3.3.1-1]
            set_state(e, State::Queued, false);
        } else if (e.state == State::Released) {
            set_state(e, State::Released, true);
        }
    }
}

}  // namespace fw::net
