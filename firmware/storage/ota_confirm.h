#pragma once
// The running app's side of rollback (esp_ota_mark_app_valid_cancel_rollback): after a new image
// has passed its self-test, the app confirms it; until then the bootloader rolls it back on the
// next reset. Confirming also raises the eFuse anti-rollback counter to the image's
// secure_version, so older images can never boot again.
#include <cstdint>

#include "firmware/core/result.h"
#include "firmware/storage/otadata.h"
#include "hal/efuse.h"
#include "hal/flash.h"

namespace fw::storage {

// The otadata state of the running image: PENDING_VERIFY means "self-test, then mark_valid()".
// Undefined when otadata selects nothing (a fresh flash) or the app runs outside the OTA slots.
Result<OtaState> running_image_state(hal::Flash& flash, uint32_t running_offset);

// Marks the running image VALID (if otadata selects it and it is not already) and raises the
// eFuse counter to its secure_version if that is higher. BadState when otadata selects another
// slot: the app is not the image the device is meant to run, so it must not confirm it.
Status mark_valid(hal::Flash& flash, hal::Efuse& efuse, uint32_t running_offset);

}  // namespace fw::storage
