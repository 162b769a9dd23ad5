#pragma once
// Second-stage bootloader: reads the partition table and otadata, applies the rollback rules,
// verifies the chosen app image and hands it to the chip. Falls back to the other slots when an
// image fails verification.
#include <cstdint>
#include <string>
#include <vector>

#include "firmware/core/result.h"
#include "firmware/storage/loaded_image.h"
#include "firmware/storage/partition_table.h"
#include "hal/hal.h"

namespace fw::boot {

struct BootChoice {
    fw::storage::Partition partition;
    fw::storage::LoadedImage image;  // read once and verified: the bytes that run
};

// Decides which image to run, updating otadata on the way (NEW -> PENDING_VERIFY; a
// PENDING_VERIFY found at boot was never confirmed: it becomes ABORTED and the previous slot
// runs). A slot otadata marks ABORTED or INVALID is never booted, not even as the last resort:
// its image would run without a trial. Logs every candidate refused and why. NotFound when no
// slot holds a valid image.
Result<BootChoice> select_image(const hal::Hal& hal);

// Candidate partitions in the order the bootloader tries them: active, previous, factory, the
// other OTA slots; the OTA slots whose bit is set in `refused_slots` left out. Exposed for tests.
std::vector<const fw::storage::Partition*> boot_order(const fw::storage::PartitionTable& table, int active_slot,
                                                      int previous_slot, uint32_t refused_slots = 0);

}  // namespace fw::boot
