#pragma once
// Cuts the byte stream from the broker into packets, in one buffer of at most `capacity` bytes.
// The buffer is the size the packet being read needs: a small block between packets (an
// acknowledgement fits), grown when a packet's header announces more, back to the small block
// once the packet is consumed; release() gives it back (between connections). A packet that fits
// the capacity is yielded whole. A PUBLISH larger than the capacity is yielded in parts: the first
// part only once the buffer is full at its capacity (so it holds the topic and packet
// identifier), then whatever has arrived. Any other packet larger than the capacity is an error: a
// broker sends no large packet but PUBLISH.
//
// Use: write received bytes into space(), commit() them, then call next() until NeedMore.
#include <cstddef>
#include <cstdint>
#include <span>

#include "firmware/net/mqtt/mqtt_byte_window.h"
#include "firmware/net/mqtt/mqtt_packet.h"

namespace fw::net::mqtt {

class FrameReader {
public:
    struct Frame {
        FixedHeader header;
        size_t offset = 0;              // of `data` within the packet body
        std::span<const uint8_t> data;  // the whole body, or one part of a large PUBLISH
        bool whole() const { return offset == 0 && data.size() == header.remaining; }
        bool last() const { return offset + data.size() == header.remaining; }
    };
    enum class Next : uint8_t { Frame, NeedMore };

    // The block held between packets.
    static constexpr size_t kSmallBlock = 256;

    explicit FrameReader(size_t capacity);

    size_t capacity() const { return capacity_; }
    // Bytes of heap the reader holds now.
    size_t allocated() const { return w_.size; }
    // Free space to receive into. Empty only when next() has a frame or an error to report.
    std::span<uint8_t> space();
    void commit(size_t n);
    // A frame's data stays valid until the next space() or reset(). Fails with why the stream
    // cannot be cut into packets; the reader stays failed, returning the same error, until reset().
    Result<Next, CodecError> next(Frame& out);
    // Drops all state, for a new connection.
    void reset();
    // reset(), and the buffer goes back to the heap until the next space().
    void release();

private:
    // The buffer size the unconsumed bytes need: the rest of the packet being read (the
    // capacity for one larger than that), or the small block.
    size_t needed() const;

    size_t capacity_;
    ByteWindow w_;  // unconsumed bytes are [w_.begin, w_.end)
    FixedHeader header_;
    bool in_packet_ = false;  // header_ decoded, body not fully yielded
    bool streaming_ = false;  // the packet is larger than the buffer
    size_t body_done_ = 0;    // body bytes already yielded while streaming
    CodecError error_ = CodecError::None;
};

}  // namespace fw::net::mqtt
