#pragma once
// Loading a flash.bin (or one partition of it) for the subcommands that take `--flash FLASH`.
#include <memory>
#include <string>

#include "firmware/storage/partition_table.h"
#include "hal_posix/nor_flash.h"

namespace fwtool {

struct LoadedFlash {
    std::unique_ptr<hal_posix::MemFlash> flash;
    fw::storage::PartitionTable table;
};

// Reads FLASH into memory and parses its partition table; false with `error` naming the file.
bool load_flash(const std::string& path, LoadedFlash& out, std::string& error);
// Finds a partition by label, or by data subtype when `label` is empty; error names what is missing.
const fw::storage::Partition* find_partition(const LoadedFlash& f, const std::string& label, uint8_t data_subtype,
                                             const std::string& path, std::string& error);

}  // namespace fwtool
