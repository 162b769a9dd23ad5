#pragma once
// One heap block holding a window of pending bytes [begin, end), the storage of both the frame
// reader and the transmit queue. The block is exactly the size its owner last asked for: the
// owners size it to what they carry, and the heap budget counts every byte of it.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>

namespace fw::net::mqtt {

struct ByteWindow {
    std::unique_ptr<uint8_t[]> buf;
    size_t size = 0;
    size_t begin = 0, end = 0;

    size_t pending() const { return end - begin; }
    std::span<const uint8_t> pending_bytes() const { return {buf.get() + begin, end - begin}; }
    std::span<uint8_t> tail() { return {buf.get() + end, size - end}; }
    // Moves the pending bytes to the front of a new block of `new_size` bytes (at least pending()).
    void resize(size_t new_size) {
        std::unique_ptr<uint8_t[]> next(new uint8_t[new_size]);
        const size_t n = pending();
        if (n > 0) std::memcpy(next.get(), buf.get() + begin, n);
        buf = std::move(next);
        size = new_size;
        begin = 0;
        end = n;
    }
    // Moves the pending bytes to the front of the block.
    void compact() {
        if (begin == 0) return;
        std::memmove(buf.get(), buf.get() + begin, pending());
        end -= begin;
        begin = 0;
    }
    // Drops `n` pending bytes; once none is left the window starts over at the front.
    void consume(size_t n) {
        begin += n < pending() ? n : pending();
        if (begin == end) clear();
    }
    void clear() { begin = end = 0; }
    void release() {
        buf.reset();
        size = 0;
        clear();
    }
};

}  // namespace fw::net::mqtt
