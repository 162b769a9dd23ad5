#include "flash_file.h"

#include <cstring>
#include <vector>

#include "file_io.h"
#include "hal/flash.h"

namespace fwtool {

bool load_flash(const std::string& path, LoadedFlash& out, std::string& error) {
    std::vector<uint8_t> bytes;
    if (!read_file(path, bytes, error)) return false;
    if (bytes.empty() || bytes.size() % hal::Flash::kSectorSize != 0) {
        error = path + ": size " + std::to_string(bytes.size()) + " is not a whole number of 4 KiB sectors";
        return false;
    }
    out.flash = std::make_unique<hal_posix::MemFlash>(static_cast<uint32_t>(bytes.size()));
    std::memcpy(out.flash->bytes().data(), bytes.data(), bytes.size());
    auto t = fw::storage::PartitionTable::read(*out.flash);
    if (!t.ok()) {
        error = path + ": no valid partition table at " + hex(fw::storage::kPartitionTableOffset) + " (" +
                fw::name_of(t.err()) + ")";
        return false;
    }
    out.table = t.value();
    return true;
}

const fw::storage::Partition* find_partition(const LoadedFlash& f, const std::string& label, uint8_t data_subtype,
                                             const std::string& path, std::string& error) {
    const fw::storage::Partition* p =
        label.empty() ? f.table.find(fw::storage::PartType::Data, data_subtype) : f.table.find(label);
    if (p == nullptr) error = path + ": no partition " + (label.empty() ? "of the requested type" : "'" + label + "'");
    return p;
}

}  // namespace fwtool
