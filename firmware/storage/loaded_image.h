#pragma once
// An image read once from flash into RAM and checked there. The bootloader and the ROM loader
// run the executable from this copy, never from a second read of the flash: a flash whose
// content changes after it was read (a swapped or emulated chip) cannot get unverified bytes run.
#include <cstdint>
#include <vector>

#include "firmware/core/result.h"
#include "firmware/storage/app_image.h"
#include "firmware/storage/secure_boot.h"

namespace fw::storage {

struct LoadedImage {
    ImageInfo info;              // from the checks run over `bytes`
    std::vector<uint8_t> bytes;  // the image, then its signature sector when the region has room for one

    // The signature check of secure_boot.h over the copy (nullptr trusts the block's own key).
    SigError check_signature(const uint8_t* trusted_key_digest) const;
    const uint8_t* executable() const { return bytes.data() + info.payload_offset; }
};

// Reads the image at the start of `region` in one pass, sector by sector, as far as its segment
// table says it goes (plus the signature sector that may follow), then runs verify_image() over
// the copy. The error says what was wrong, as verify_image()'s does.
Result<LoadedImage, ImageError> load_image(const FlashRegion& region);

}  // namespace fw::storage
