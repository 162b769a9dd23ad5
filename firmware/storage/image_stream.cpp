#include "firmware/storage/image_stream.h"

#include <algorithm>
#include <cstring>

#include "firmware/core/bytes.h"

namespace fw::storage {

void ImageStream::copy_window(uint64_t start, const uint8_t* data, size_t len, uint64_t at, uint8_t* dst, size_t n) {
    uint64_t from = std::max(start, at);
    uint64_t to = std::min(start + len, at + n);
    if (from < to) std::memcpy(dst + (from - at), data + (from - start), static_cast<size_t>(to - from));
}

Result<void, ImageError> ImageStream::feed(const uint8_t* data, size_t len) {
    if (error_ == ImageError::None && len > 0) follow(data, len);
    return error_;
}

void ImageStream::follow(const uint8_t* data, size_t len) {
    uint64_t start = pos_;
    pos_ += len;
    // The first byte already tells an error page or a wrong file from an image.
    if (start == 0 && data[0] != kImageMagic) {
        error_ = ImageError::BadMagic;
        return;
    }
    if (!head_done_) {
        copy_window(start, data, len, 0, head_, kHeadSize);
        if (pos_ < kHeadSize) return;
        head_done_ = true;
        on_head();
    }
    follow_segments(start, data, len);
}

void ImageStream::on_head() {
    if (head_[0] != kImageMagic) {
        error_ = ImageError::BadMagic;
        return;
    }
    segment_count_ = head_[1];
    if (segment_count_ == 0 || segment_count_ > kMaxSegments) {
        error_ = ImageError::BadSegments;
        return;
    }
    const uint8_t* first = head_ + kImageHeaderSize;
    auto d = parse_app_desc(first + kSegmentHeaderSize, kAppDescSize);
    if (get_le32(first + 4) < kAppDescSize || !d.ok()) {
        error_ = ImageError::BadDescriptor;
        return;
    }
    if (d->secure_version > kMaxSecureVersion) {
        error_ = ImageError::BadSecureVersion;
        return;
    }
    desc_ = d.value();
    std::memcpy(seg_hdr_, first, kSegmentHeaderSize);
    segments_seen_ = 0;
    seg_at_ = kImageHeaderSize;
}

void ImageStream::follow_segments(uint64_t start, const uint8_t* data, size_t len) {
    while (error_ == ImageError::None && !image_len_) {
        // The first header came with the head; later ones are copied out of the chunks.
        if (segments_seen_ > 0) copy_window(start, data, len, seg_at_, seg_hdr_, sizeof seg_hdr_);
        if (pos_ < seg_at_ + kSegmentHeaderSize) return;
        seg_at_ += kSegmentHeaderSize + get_le32(seg_hdr_ + 4);
        if (seg_at_ > UINT32_MAX - 64) {
            error_ = ImageError::BadSegments;
            return;
        }
        if (++segments_seen_ == segment_count_) {
            // Zero padding so that the checksum byte ends a 16-byte block, then the SHA-256.
            uint64_t end = seg_at_ + (15 - seg_at_ % 16) + 1 + 32;
            image_len_ = static_cast<uint32_t>(end);
        }
    }
}

}  // namespace fw::storage
