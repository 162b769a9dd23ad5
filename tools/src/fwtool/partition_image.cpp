#include "partition_image.h"

#include <cstring>

#include "file_io.h"
#include "flash_file.h"

namespace fwtool {
namespace {

constexpr uint32_t kSector = hal::Flash::kSectorSize;

bool valid_size(uint64_t size) { return size >= 2 * kSector && size % kSector == 0 && size <= UINT32_MAX; }

}  // namespace

std::vector<uint8_t> PartitionImage::bytes() const {
    const auto& all = flash->bytes();
    return std::vector<uint8_t>(all.begin() + offset, all.begin() + offset + size);
}

bool load_partition_image(const Options& o, const std::string& label, uint8_t subtype, PartitionImage& out,
                          std::string& error) {
    if (o.has("flash")) {
        std::string path = o.get("flash");
        LoadedFlash f;
        if (!load_flash(path, f, error)) return false;
        const fw::storage::Partition* p = label.empty() ? nullptr : f.table.find(label);
        if (p == nullptr) p = find_partition(f, "", subtype, path, error);
        if (p == nullptr) return false;
        out.flash = std::move(f.flash);
        out.offset = p->offset;
        out.size = p->size;
        out.name = path + " (partition " + p->label + ")";
        return true;
    }
    if (o.positional.empty()) {
        error = "give an image file or --flash FLASH";
        return false;
    }
    std::vector<uint8_t> bin;
    if (!read_file(o.positional[0], bin, error)) return false;
    if (!valid_size(bin.size())) {
        error = o.positional[0] + ": size " + std::to_string(bin.size()) + " is not two or more whole 4 KiB sectors";
        return false;
    }
    out.flash = std::make_unique<hal_posix::MemFlash>(static_cast<uint32_t>(bin.size()));
    std::memcpy(out.flash->bytes().data(), bin.data(), bin.size());
    out.offset = 0;
    out.size = static_cast<uint32_t>(bin.size());
    out.name = o.positional[0];
    return true;
}

bool blank_partition_image(const std::string& size_arg, const std::string& output, PartitionImage& out,
                           std::string& error) {
    uint64_t size = 0;
    if (!parse_size(size_arg, size) || !valid_size(size)) {
        error = "bad --size '" + size_arg + "': need whole 4 KiB sectors, at least 8K";
        return false;
    }
    out.flash = std::make_unique<hal_posix::MemFlash>(static_cast<uint32_t>(size));
    out.offset = 0;
    out.size = static_cast<uint32_t>(size);
    out.name = output;
    return true;
}

}  // namespace fwtool
