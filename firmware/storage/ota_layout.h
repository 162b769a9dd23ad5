#pragma once
// Where OTA happens, as the running app sees it: the OTA slots and the otadata partition from the
// partition table, and which slot the app runs from. Shared by the OTA writer and mark-valid.
#include <cstdint>
#include <vector>

#include "firmware/core/result.h"
#include "firmware/storage/app_image.h"
#include "firmware/storage/partition_table.h"

namespace fw::storage {

struct OtaLayout {
    std::vector<Partition> slots;  // ota_0, ota_1, ...
    Partition otadata;
    int running = -1;  // index into slots; -1 when the app runs from elsewhere (factory)

    uint32_t slot_count() const { return static_cast<uint32_t>(slots.size()); }
    FlashRegion otadata_region(hal::Flash& flash) const { return FlashRegion(flash, otadata.offset, otadata.size); }
};

// NotFound when the table has no otadata partition or no OTA slot.
Result<OtaLayout> load_ota_layout(hal::Flash& flash, uint32_t running_offset);

// The app descriptor of the image at `image_offset` (the first segment's start), without
// verifying the whole image: the bootloader already did, before it started this app.
Result<AppDesc> read_app_desc(hal::Flash& flash, uint32_t image_offset);

}  // namespace fw::storage
