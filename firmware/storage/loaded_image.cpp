#include "firmware/storage/loaded_image.h"

#include <algorithm>

#include "firmware/storage/image_stream.h"
#include "firmware/storage/internal/buffer_flash.h"

namespace fw::storage {
namespace {

// How many bytes of a region of `region_size` bytes an image of `image_len` bytes occupies,
// counting its signature sector when there is room for one.
uint32_t extent(uint32_t image_len, uint32_t region_size) {
    uint32_t sig_at = signature_offset(image_len);
    if (sig_at >= image_len && sig_at <= region_size && region_size - sig_at >= kSigBlockSize)
        return sig_at + static_cast<uint32_t>(kSigBlockSize);
    return std::min(image_len, region_size);
}

}  // namespace

SigError LoadedImage::check_signature(const uint8_t* trusted_key_digest) const {
    BufferFlash copy(bytes.data(), static_cast<uint32_t>(bytes.size()));
    return verify_signature(FlashRegion(copy, 0, copy.size()), info.image_len, trusted_key_digest);
}

Result<LoadedImage, ImageError> load_image(const FlashRegion& region) {
    LoadedImage out;
    ImageStream stream;
    uint32_t end = region.size();  // until the segment table says where the image ends
    while (out.bytes.size() < end) {
        auto have = static_cast<uint32_t>(out.bytes.size());
        uint32_t n = std::min(hal::Flash::kSectorSize - have % hal::Flash::kSectorSize, end - have);
        out.bytes.resize(have + n);
        if (!region.read(have, out.bytes.data() + have, n).ok()) return ImageError::ReadFailed;
        FW_TRY(stream.feed(out.bytes.data() + have, n));
        if (stream.image_len()) end = extent(*stream.image_len(), region.size());
    }
    BufferFlash copy(out.bytes.data(), static_cast<uint32_t>(out.bytes.size()));
    auto info = verify_image(FlashRegion(copy, 0, copy.size()));
    FW_TRY(info);
    out.info = info.value();
    return out;
}

}  // namespace fw::storage
