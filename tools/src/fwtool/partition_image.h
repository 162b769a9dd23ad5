#pragma once
// The partition a store subcommand (nvs, certfs) works on, held in memory: a whole image file, a
// partition found in a flash.bin, or a blank image being built. The firmware's own store code runs
// over it, so the tool and the device share one on-flash format.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "firmware/storage/flash_region.h"
#include "hal_posix/nor_flash.h"
#include "options.h"

namespace fwtool {

struct PartitionImage {
    std::unique_ptr<hal_posix::MemFlash> flash;
    uint32_t offset = 0;
    uint32_t size = 0;
    std::string name;  // for messages: "nvs.bin" or "flash.bin (partition nvs)"

    fw::storage::FlashRegion region() const { return fw::storage::FlashRegion(*flash, offset, size); }
    std::vector<uint8_t> bytes() const;
};

// From `--flash FLASH` (the partition labelled `label`, or else the data partition of `subtype`),
// or else from the first positional argument (an image file). Arguments after those are the
// caller's: see first_argument(). False with `error` naming the file and the problem.
bool load_partition_image(const Options& o, const std::string& label, uint8_t subtype, PartitionImage& out,
                          std::string& error);
// Index of the first positional argument left after load_partition_image() took its own.
inline size_t first_argument(const Options& o) { return o.has("flash") ? 0 : 1; }
// An erased image of `size_arg` bytes (whole 4 KiB sectors, at least two) named after `output`.
bool blank_partition_image(const std::string& size_arg, const std::string& output, PartitionImage& out,
                           std::string& error);

}  // namespace fwtool
