#pragma once
// Follows an app image as its bytes arrive, in chunks of any size, keeping only its first bytes:
// from the header and the segment headers it knows early whether the data is an app image at all,
// what its app descriptor says, and where the image ends. The OTA writer uses it to refuse a
// wrong image after the first chunk, and to tell a truncated download from a damaged one.
#include <cstddef>
#include <cstdint>
#include <optional>

#include "firmware/storage/app_image.h"

namespace fw::storage {

class ImageStream {
public:
    // Fails with BadMagic / BadSegments / BadDescriptor / BadSecureVersion once the data cannot
    // be an image this chip runs, and from then on returns that error again.
    Result<void, ImageError> feed(const uint8_t* data, size_t len);

    // The app descriptor, once the header, first segment header and descriptor are in.
    const std::optional<AppDesc>& desc() const { return desc_; }
    // Header to appended SHA-256 inclusive, once the last segment header is in.
    std::optional<uint32_t> image_len() const { return image_len_; }

private:
    static constexpr size_t kHeadSize = kImageHeaderSize + kSegmentHeaderSize + kAppDescSize;

    // Copies the bytes of the current chunk [start, start+len) that fall in [at, at+n) to dst.
    static void copy_window(uint64_t start, const uint8_t* data, size_t len, uint64_t at, uint8_t* dst, size_t n);
    void follow(const uint8_t* data, size_t len);
    void on_head();
    void follow_segments(uint64_t start, const uint8_t* data, size_t len);

    uint64_t pos_ = 0;
    uint8_t head_[kHeadSize] = {};
    bool head_done_ = false;
    uint8_t segment_count_ = 0;
    uint8_t segments_seen_ = 0;
    uint64_t seg_at_ = kImageHeaderSize;  // where the next segment header starts
    uint8_t seg_hdr_[kSegmentHeaderSize] = {};
    ImageError error_ = ImageError::None;
    std::optional<AppDesc> desc_;
    std::optional<uint32_t> image_len_;
};

}  // namespace fw::storage
