#pragma once
// Messages the app published that the session is not done with: QoS 0 until written to the
// transport, QoS 1/2 until the broker acknowledged them. Entries hold the encoded PUBLISH, so a
// retransmission is the same bytes with DUP set. The outbox is bounded in bytes: each entry
// costs its packet plus its bookkeeping (cost()).
//
// Drop policy when a new message does not fit:
//   1. evict the oldest queued QoS 0 messages until it fits (each counted in dropped());
//   2. if it cannot fit even without any QoS 0 message, refuse the new message (NoSpace, counted
//      in refused()) and evict nothing.
// Accepted QoS 1/2 messages are never dropped: the app was promised delivery when publish()
// succeeded, so a full outbox is reported to the app at publish time instead.
//
// With a store attached (optional), QoS 1/2 messages are also saved there until acknowledged, and
// those a previous run left behind come back queued with DUP=1. A QoS 2 message restored after
// its PUBREC is sent again as PUBLISH (the PUBREC is not stored): a broker holding the session
// answers it with PUBREC again; one without the session may deliver it twice.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

#include "firmware/core/result.h"
#include "firmware/net/mqtt/mqtt_outbox_store.h"

namespace fw::net {

class Outbox {
public:
    enum class State : uint8_t {
        Queued,    // not yet written on this connection
        Sent,      // PUBLISH written, awaiting PUBACK (QoS 1) or PUBREC (QoS 2)
        Released,  // QoS 2: PUBREL written (or due), awaiting PUBCOMP
    };
    struct Entry {
        std::vector<uint8_t> packet;  // the encoded PUBLISH
        uint16_t packet_id = 0;       // 0 for QoS 0
        uint8_t qos = 0;
        State state = State::Queued;
        bool pubrel_due = false;  // Released, and the PUBREL must be (re)written
        uint32_t store_key = 0;   // 0: not in the store
    };

    explicit Outbox(size_t capacity_bytes) : capacity_(capacity_bytes) {}

    static size_t cost(size_t packet_len) { return packet_len + sizeof(Entry); }

    // Applies the drop policy to make room for a packet of `packet_len` bytes.
    Status reserve(size_t packet_len);
    // Appends a message; reserve() must have succeeded for its size.
    void push(std::vector<uint8_t> packet, uint8_t qos, uint16_t packet_id);

    // Saves QoS 1/2 messages in `store` from now on, after queueing those it holds (valid QoS 1/2
    // PUBLISH packets, oldest first, as far as the capacity allows; the rest are erased and
    // counted as dropped). Returns how many were restored. Only on an empty outbox (BadState
    // otherwise), once. The store must outlive the outbox.
    Result<size_t> attach(OutboxStore& store);
    // Messages that could not be saved in the store (kept in RAM only).
    uint32_t unsaved() const { return unsaved_; }
    size_t size() const { return entries_.size(); }
    const Entry& operator[](size_t i) const { return entries_[i]; }
    // Index of the QoS 1/2 entry with `packet_id`, or size() when there is none.
    size_t find(uint16_t packet_id) const;
    void erase(size_t i);

    // State transitions, which keep the counters below right.
    void mark_sent(size_t i);
    void mark_released(size_t i);  // PUBREC received: the PUBREL is due
    void mark_pubrel_sent(size_t i);
    // After a disconnect: unacknowledged PUBLISHes go back to the queue with DUP=1 and pending
    // PUBRELs are due again, to be re-sent in their original order on the next connection.
    void requeue();

    size_t queued() const { return queued_; }
    size_t in_flight() const { return in_flight_; }
    bool has_work() const { return queued_ > 0 || pubrel_due_ > 0; }
    size_t bytes() const { return bytes_; }
    size_t capacity() const { return capacity_; }
    uint32_t dropped() const { return dropped_; }
    uint32_t refused() const { return refused_; }

private:
    void set_state(Entry& e, State s, bool pubrel_due);
    void append(Entry e);

    std::deque<Entry> entries_;
    size_t capacity_;
    size_t bytes_ = 0;
    size_t qos0_bytes_ = 0;
    size_t queued_ = 0, in_flight_ = 0, pubrel_due_ = 0;
    uint32_t dropped_ = 0, refused_ = 0, unsaved_ = 0;
    OutboxStore* store_ = nullptr;
    uint32_t next_key_ = 1;
};

}  // namespace fw::net
