#pragma once
// Outgoing bytes of one connection, in one buffer of at most `capacity` bytes. Packets are encoded
// straight into free space, and everything queued in one event-loop iteration leaves in as few
// transport sends as possible (one TLS record for many small packets, no Nagle stalls).
//
// The buffer holds what is queued, not the capacity: the first bytes take a small block (a
// reading, an acknowledgement fits), and only when packets pile up does it grow to the capacity.
// trim() gives it back once it is empty, so a connection idle between readings holds none.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

#include "firmware/core/result.h"
#include "firmware/net/mqtt/mqtt_byte_window.h"

namespace fw::net::mqtt {

class TxQueue {
public:
    // The first block's size: one telemetry PUBLISH or a few acknowledgements.
    static constexpr size_t kSmallBlock = 256;

    explicit TxQueue(size_t capacity) : capacity_(capacity) {}

    size_t capacity() const { return capacity_; }
    size_t free() const { return capacity_ - w_.pending(); }
    bool empty() const { return w_.pending() == 0; }
    // Bytes of heap the queue holds now.
    size_t allocated() const { return w_.size; }

    // Contiguous free space of at least `want` bytes when free() allows it: moves pending bytes
    // to the front when the tail is too short, and grows the buffer when that is not enough.
    std::span<uint8_t> space(size_t want) {
        if (w_.size - w_.end < want) {
            if (w_.size - w_.pending() >= want) {
                w_.compact();
            } else {
                grow(w_.pending() + want);
            }
        }
        return w_.tail();
    }
    void commit(size_t n) { w_.end += std::min(n, w_.size - w_.end); }
    // Copies `bytes` in; false (nothing queued) when they do not fit.
    bool append(std::span<const uint8_t> bytes) {
        if (bytes.size() > free()) return false;
        if (bytes.empty()) return true;
        std::memcpy(space(bytes.size()).data(), bytes.data(), bytes.size());
        commit(bytes.size());
        return true;
    }

    // Encodes one packet whose size is not known beforehand, `encode(span) -> Result<size_t>`,
    // within `room` bytes. It is tried in the small block first, so that a short packet does not
    // grow the buffer to its capacity.
    template <typename Encode>
    auto encode_into(size_t room, Encode encode) {
        auto first = space(std::min(room, kSmallBlock));
        auto r = encode(first.first(std::min(room, first.size())));
        if (!r && r.err() == Err::NoSpace && first.size() < room) r = encode(space(room).first(room));
        if (r) commit(*r);
        return r;
    }

    std::span<const uint8_t> pending() const { return w_.pending_bytes(); }
    void consume(size_t n) { w_.consume(n); }
    // Gives the buffer back to the heap if nothing is pending.
    void trim() {
        if (empty()) release();
    }
    // Drops the pending bytes and gives the buffer back to the heap.
    void release() { w_.release(); }

private:
    // A second growth goes straight to the capacity: packets are piling up, and each step would
    // copy them again.
    void grow(size_t need) {
        w_.resize(std::min(capacity_, w_.size == 0 ? std::max(need, kSmallBlock) : std::max(need, capacity_)));
    }

    size_t capacity_;
    ByteWindow w_;
};

}  // namespace fw::net::mqtt
