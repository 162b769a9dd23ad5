#include "nvs_image.h"

#include <algorithm>
#include <cstring>

#include "firmware/core/bytes.h"

namespace fwtool {
namespace nvs = fw::storage::nvs;

NvsImage::NvsImage(size_t size) : image_(size, 0xFF), pages_(size / nvs::kPageSize - 1) {
    uint8_t header[32];
    nvs::encode_page_header(header, nvs::PageState::Active, 0);
    std::memcpy(page(), header, sizeof header);
}

bool NvsImage::new_page(std::string& error) {
    if (page_ + 1 >= pages_) {
        error =
            "does not fit in " + std::to_string(image_.size()) + " bytes (the last page is the reserve; see --size)";
        return false;
    }
    fw::put_le32(page(), static_cast<uint32_t>(nvs::PageState::Full));
    ++page_;
    entry_ = 0;
    uint8_t header[32];
    nvs::encode_page_header(header, nvs::PageState::Active, static_cast<uint32_t>(page_));
    std::memcpy(page(), header, sizeof header);
    return true;
}

void NvsImage::write(nvs::Item item, const uint8_t* payload, size_t len) {
    if (nvs::is_var_length(item.type)) nvs::set_var_payload(item, payload, len);
    uint8_t* at = page() + nvs::kEntriesOffset + entry_ * nvs::kEntrySize;
    nvs::encode_item(at, item);
    if (len > 0) std::memcpy(at + nvs::kEntrySize, payload, len);
    for (size_t e = entry_; e < entry_ + item.span; ++e)
        nvs::set_entry_state(page() + nvs::kBitmapOffset, e, nvs::EntryState::Written);
    entry_ += item.span;
}

bool NvsImage::open_namespace(const std::string& name, std::string& error) {
    if (auto it = namespaces_.find(name); it != namespaces_.end()) {
        ns_ = it->second;
        return true;
    }
    if (namespaces_.size() == 254) {
        error = "more than 254 namespaces";
        return false;
    }
    uint8_t index = static_cast<uint8_t>(namespaces_.size() + 1);
    ns_ = 0;  // namespace entries live in namespace 0
    if (!put_int(name, nvs::ItemType::U8, index, error)) return false;
    ns_ = index;
    namespaces_[name] = index;
    return true;
}

bool NvsImage::put_int(const std::string& key, nvs::ItemType type, uint64_t value, std::string& error) {
    if (entry_ >= nvs::kEntryCount && !new_page(error)) return false;
    nvs::Item item = nvs::make_item(ns_, type, key);
    for (size_t i = 0; i < nvs::fixed_width(item.type); ++i) item.data[i] = static_cast<uint8_t>(value >> (8 * i));
    write(item, nullptr, 0);
    return true;
}

bool NvsImage::put_str(const std::string& key, const std::string& value, std::string& error) {
    std::vector<uint8_t> payload(value.begin(), value.end());
    payload.push_back(0);
    if (payload.size() > nvs::kChunkMax) {
        error = "string '" + key + "' is over 3999 bytes";
        return false;
    }
    size_t span = 1 + (payload.size() + nvs::kEntrySize - 1) / nvs::kEntrySize;
    // As the generator does: a string never takes a page's last entry.
    if (entry_ + span >= nvs::kEntryCount && !new_page(error)) return false;
    write(nvs::make_item(ns_, nvs::ItemType::Str, key), payload.data(), payload.size());
    return true;
}

bool NvsImage::put_blob(const std::string& key, const std::vector<uint8_t>& value, std::string& error) {
    if (entry_ >= nvs::kEntryCount && !new_page(error)) return false;
    size_t off = 0;
    uint8_t chunks = 0;
    for (;;) {
        size_t room = (nvs::kEntryCount - entry_ - 1) * nvs::kEntrySize;
        size_t n = std::min(room, value.size() - off);
        if (chunks == nvs::kMaxChunks) {
            error = "blob '" + key + "' needs more than 127 chunks";
            return false;
        }
        write(nvs::make_item(ns_, nvs::ItemType::BlobData, key, chunks++), value.data() + off, n);
        off += n;
        if ((off < value.size() || room - n < nvs::kEntrySize) && !new_page(error)) return false;
        if (off == value.size()) break;
    }
    nvs::Item index = nvs::make_item(ns_, nvs::ItemType::BlobIdx, key);
    nvs::set_blob_index(index, static_cast<uint32_t>(value.size()), chunks, 0);
    write(index, nullptr, 0);
    return true;
}

}  // namespace fwtool
