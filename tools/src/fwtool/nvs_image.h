#pragma once
// Lays out an NVS partition image item by item exactly as ESP-IDF's nvs_partition_gen.py does
// (version 2, no encryption): pages filled in order, sequence numbers 0, 1, 2..., every page but
// the last written one marked full, a string that would reach the last entry of a page moved to the
// next, blobs split into chunks filling each page, empty pages and the reserved last page erased.
// The device reads it with KvStore; the format is in firmware/storage/STORAGE_FORMAT.md.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "firmware/storage/nvs_format.h"

namespace fwtool {

class NvsImage {
public:
    // `size`: a multiple of 4096, at least 0x3000 (two pages of data and the reserve).
    explicit NvsImage(size_t size);

    // Opens a namespace for the items after it, writing its entry the first time. False with
    // `error` when the image is full or 254 namespaces exist.
    bool open_namespace(const std::string& name, std::string& error);
    bool put_int(const std::string& key, fw::storage::nvs::ItemType type, uint64_t value, std::string& error);
    bool put_str(const std::string& key, const std::string& value, std::string& error);
    bool put_blob(const std::string& key, const std::vector<uint8_t>& value, std::string& error);

    const std::vector<uint8_t>& bytes() const { return image_; }

private:
    bool new_page(std::string& error);
    // Writes the item and its payload at the next entry of the current page.
    void write(fw::storage::nvs::Item item, const uint8_t* payload, size_t len);
    uint8_t* page() { return image_.data() + page_ * fw::storage::nvs::kPageSize; }

    std::vector<uint8_t> image_;
    size_t pages_;  // usable pages: all but the reserve
    size_t page_ = 0;
    size_t entry_ = 0;
    uint8_t ns_ = 0;
    std::map<std::string, uint8_t> namespaces_;
};

}  // namespace fwtool
