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
#include <memory>
#include <span>

#include "firmware/core/result.h"

namespace fw::net::mqtt {

class TxQueue {
public:
    // The first block's size: one telemetry PUBLISH or a few acknowledgements.
    static constexpr size_t kSmallBlock = 256;

    explicit TxQueue(size_t capacity) : capacity_(capacity) {}

    size_t capacity() const { return capacity_; }
    size_t free() const { return capacity_ - (end_ - begin_); }
    bool empty() const { return begin_ == end_; }
    // Bytes of heap the queue holds now.
    size_t allocated() const { return size_; }

    // Contiguous free space of at least `want` bytes when free() allows it: moves pending bytes
    // to the front when the tail is too short, and grows the buffer when that is not enough.
    std::span<uint8_t> space(size_t want) {
        const size_t pending = end_ - begin_;
        if (size_ - end_ < want) {
            if (size_ - pending >= want) {
                std::memmove(buf_.get(), buf_.get() + begin_, pending);
                begin_ = 0;
                end_ = pending;
            } else {
                grow(pending + want);
            }
        }
        return std::span<uint8_t>(buf_.get(), size_).subspan(end_);
    }
    void commit(size_t n) { end_ += std::min(n, size_ - end_); }
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

    std::span<const uint8_t> pending() const {
        return std::span<const uint8_t>(buf_.get(), size_).subspan(begin_, end_ - begin_);
    }
    void consume(size_t n) {
        begin_ += std::min(n, end_ - begin_);
        if (begin_ == end_) begin_ = end_ = 0;
    }
    void clear() { begin_ = end_ = 0; }
    // Gives the buffer back to the heap if nothing is pending.
    void trim() {
        if (empty()) release();
    }
    // Drops the pending bytes and gives the buffer back to the heap.
    void release() {
        clear();
        buf_.reset();
        size_ = 0;
    }

private:
    // A second growth goes straight to the capacity: packets are piling up, and each step would
    // copy them again.
    void grow(size_t need) {
        size_t size = std::min(capacity_, size_ == 0 ? std::max(need, kSmallBlock) : std::max(need, capacity_));
        const size_t pending = end_ - begin_;
        std::unique_ptr<uint8_t[]> next(new uint8_t[size]);
        if (pending > 0) std::memcpy(next.get(), buf_.get() + begin_, pending);
        buf_ = std::move(next);
        size_ = size;
        begin_ = 0;
        end_ = pending;
    }

    size_t capacity_;
    std::unique_ptr<uint8_t[]> buf_;
    size_t size_ = 0;
    size_t begin_ = 0, end_ = 0;
};

}  // namespace fw::net::mqtt
