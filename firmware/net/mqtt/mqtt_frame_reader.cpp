#include "firmware/net/mqtt/mqtt_frame_reader.h"

#include <algorithm>
#include <cstring>

#include "firmware/net/mqtt/mqtt_codec.h"

namespace fw::net::mqtt {

FrameReader::FrameReader(size_t capacity) : capacity_(std::max<size_t>(capacity, kMaxFixedHeader)) {}

size_t FrameReader::needed() const {
    size_t small = std::min(kSmallBlock, capacity_);
    if (!in_packet_) return std::max(small, end_ - begin_);
    if (streaming_) return capacity_;
    return std::max<size_t>(small, header_.remaining - body_done_);
}

void FrameReader::resize(size_t size) {
    const size_t pending = end_ - begin_;
    std::unique_ptr<uint8_t[]> next(new uint8_t[size]);
    if (pending > 0) std::memcpy(next.get(), buf_.get() + begin_, pending);
    buf_ = std::move(next);
    size_ = size;
    begin_ = 0;
    end_ = pending;
}

std::span<uint8_t> FrameReader::space() {
    if (begin_ == end_) begin_ = end_ = 0;
    const size_t need = needed();
    if (size_ < need || (size_ > need && !in_packet_ && end_ - begin_ <= kSmallBlock)) {
        resize(need);
    } else if (begin_ > 0 && end_ == size_) {
        std::memmove(buf_.get(), buf_.get() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
    }
    return std::span<uint8_t>(buf_.get(), size_).subspan(end_);
}

void FrameReader::commit(size_t n) { end_ += std::min(n, size_ - end_); }

void FrameReader::reset() {
    begin_ = end_ = 0;
    in_packet_ = streaming_ = false;
    body_done_ = 0;
    error_ = CodecError::None;
}

void FrameReader::release() {
    reset();
    buf_.reset();
    size_ = 0;
}

Result<FrameReader::Next, CodecError> FrameReader::next(Frame& out) {
    if (error_ != CodecError::None) return error_;
    if (!in_packet_) {
        CodecError e = decode_fixed_header(std::span<const uint8_t>(buf_.get() + begin_, end_ - begin_), header_).err();
        if (e == CodecError::Truncated) return Next::NeedMore;
        streaming_ = header_.size + uint64_t{header_.remaining} > capacity_;
        if (e == CodecError::None && streaming_ && header_.type() != PacketType::Publish) e = CodecError::TooLarge;
        if (e != CodecError::None) {
            error_ = e;
            return e;
        }
        in_packet_ = true;
        begin_ += header_.size;
        body_done_ = 0;
    }
    size_t avail = end_ - begin_;
    size_t want = header_.remaining - body_done_;
    if (avail < want) {
        if (!streaming_ || avail == 0) return Next::NeedMore;
        // The first part of a streamed PUBLISH waits for a full buffer so that it holds the head.
        bool full = begin_ == 0 && end_ == capacity_;
        if (body_done_ == 0 && !full) return Next::NeedMore;
    }
    size_t n = std::min(avail, want);
    out.header = header_;
    out.offset = body_done_;
    out.data = std::span<const uint8_t>(buf_.get() + begin_, n);
    begin_ += n;
    body_done_ += n;
    if (body_done_ == header_.remaining) in_packet_ = false;
    return Next::Frame;
}

}  // namespace fw::net::mqtt
