#pragma once
// The build time an app descriptor carries ("Dec 06 2026" and "22:40:00", UTC, as `fwtool image
// create` writes them and ESP-IDF's __DATE__/__TIME__ do). It is the floor of the device's wall
// clock: the running image cannot have been built after "now", so while the clock is unknown a
// certificate that expired before it is known to be expired, and an SNTP answer before it is a lie.
#include <cstdint>

#include "firmware/core/result.h"
#include "firmware/storage/app_image.h"

namespace fw::storage {

// Unix seconds of the descriptor's date and time; InvalidArg when they are not in that form.
Result<int64_t> app_build_unix_s(const AppDesc& desc);

}  // namespace fw::storage
