#pragma once
// Parses an ESP-IDF partition CSV (gen_esp32part.py's rules) into a partition list, or an error
// message that names the file and line.
#include <cstdint>
#include <string>
#include <vector>

#include "firmware/storage/partition_table.h"

namespace fwtool {

struct CsvResult {
    std::vector<fw::storage::Partition> partitions;
    std::string error;  // empty on success
};

CsvResult parse_partition_csv(const std::string& text, const std::string& filename, uint64_t flash_size);

}  // namespace fwtool
