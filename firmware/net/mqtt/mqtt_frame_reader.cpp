#include "firmware/net/mqtt/mqtt_frame_reader.h"

#include <algorithm>

#include "firmware/net/mqtt/mqtt_codec.h"

namespace fw::net::mqtt {

FrameReader::FrameReader(size_t capacity) : capacity_(std::max<size_t>(capacity, kMaxFixedHeader)) {}

size_t FrameReader::needed() const {
    size_t small = std::min(kSmallBlock, capacity_);
    if (!in_packet_) return std::max(small, w_.pending());
    if (streaming_) return capacity_;
    return std::max<size_t>(small, header_.remaining - body_done_);
}

std::span<uint8_t> FrameReader::space() {
    const size_t need = needed();
    if (w_.size < need || (w_.size > need && !in_packet_ && w_.pending() <= kSmallBlock)) {
        w_.resize(need);
    } else if (w_.end == w_.size) {
        w_.compact();
    }
    return w_.tail();
}

void FrameReader::commit(size_t n) { w_.end += std::min(n, w_.size - w_.end); }

void FrameReader::reset() {
    w_.clear();
    in_packet_ = streaming_ = false;
    body_done_ = 0;
    error_ = CodecError::None;
}

void FrameReader::release() {
    reset();
    w_.release();
}

Result<FrameReader::Next, CodecError> FrameReader::next(Frame& out) {
    if (error_ != CodecError::None) return error_;
    if (!in_packet_) {
        CodecError e = decode_fixed_header(w_.pending_bytes(), header_).err();
        if (e == CodecError::Truncated) return Next::NeedMore;
        streaming_ = header_.size + uint64_t{header_.remaining} > capacity_;
        if (e == CodecError::None && streaming_ && header_.type() != PacketType::Publish) e = CodecError::TooLarge;
        if (e != CodecError::None) {
            error_ = e;
            return e;
        }
        in_packet_ = true;
        w_.consume(header_.size);
        body_done_ = 0;
    }
    size_t avail = w_.pending();
    size_t want = header_.remaining - body_done_;
    if (avail < want) {
        if (!streaming_ || avail == 0) return Next::NeedMore;
        // The first part of a streamed PUBLISH waits for a full buffer so that it holds the head.
        bool full = w_.begin == 0 && w_.end == capacity_;
        if (body_done_ == 0 && !full) return Next::NeedMore;
    }
    size_t n = std::min(avail, want);
    out.header = header_;
    out.offset = body_done_;
    out.data = w_.pending_bytes().first(n);
    w_.consume(n);
    body_done_ += n;
    if (body_done_ == header_.remaining) in_packet_ = false;
    return Next::Frame;
}

}  // namespace fw::net::mqtt
