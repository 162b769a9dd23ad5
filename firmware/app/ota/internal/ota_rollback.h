#pragma once
// How the previous image learns that an update rolled back: the bootloader marked the newer
// otadata entry ABORTED (its self-test never confirmed it) or INVALID (it did not verify), and
// the running image's entry, with a lower sequence number, is the boot choice again.
#include <cstdint>
#include <optional>
#include <string>

#include "hal/flash.h"

namespace fw::app {

struct RolledBack {
    uint32_t seq = 0;     // the abandoned entry's otadata sequence number
    std::string version;  // the version in its slot ("?" when unreadable)
};

// The abandoned update, if otadata shows one newer than the running image.
std::optional<RolledBack> detect_rollback(hal::Flash& flash, uint32_t running_offset);

}  // namespace fw::app
