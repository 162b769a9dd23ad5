#pragma once
// Outgoing bytes of one connection, in one buffer of a fixed capacity. Packets are encoded
// straight into free space, and everything queued in one event-loop iteration leaves in as few
// transport sends as possible (one TLS record for many small packets, no Nagle stalls). The
// buffer is allocated when the first bytes are queued and given back by release() when the
// connection ends: a session waiting to reconnect, or one whose TLS handshake (the heap's peak)
// is under way, holds none.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

namespace fw::net::mqtt {

class TxQueue {
public:
    explicit TxQueue(size_t capacity) : capacity_(capacity) {}

    size_t capacity() const { return capacity_; }
    size_t free() const { return capacity_ - (end_ - begin_); }
    bool empty() const { return begin_ == end_; }

    // Contiguous free space of at least `want` bytes when free() allows it (moves pending bytes
    // to the front only when the tail is too short).
    std::span<uint8_t> space(size_t want) {
        if (buf_.empty()) buf_.resize(capacity_);
        if (buf_.size() - end_ < want && begin_ > 0) {
            std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
            end_ -= begin_;
            begin_ = 0;
        }
        return std::span<uint8_t>(buf_).subspan(end_);
    }
    void commit(size_t n) { end_ += std::min(n, buf_.size() - end_); }
    // Copies `bytes` in; false (nothing queued) when they do not fit.
    bool append(std::span<const uint8_t> bytes) {
        if (bytes.size() > free()) return false;
        if (bytes.empty()) return true;
        std::memcpy(space(bytes.size()).data(), bytes.data(), bytes.size());
        commit(bytes.size());
        return true;
    }

    std::span<const uint8_t> pending() const { return std::span<const uint8_t>(buf_).subspan(begin_, end_ - begin_); }
    void consume(size_t n) {
        begin_ += std::min(n, end_ - begin_);
        if (begin_ == end_) begin_ = end_ = 0;
    }
    void clear() { begin_ = end_ = 0; }
    // Drops the pending bytes and gives the buffer back to the heap.
    void release() {
        clear();
        std::vector<uint8_t>().swap(buf_);
    }

private:
    size_t capacity_;
    std::vector<uint8_t> buf_;
    size_t begin_ = 0, end_ = 0;
};

}  // namespace fw::net::mqtt
