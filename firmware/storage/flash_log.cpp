// Flash log: reading, appending and retiring records (mount is in flash_log_mount.cpp, space
// management and GC in flash_log_gc.cpp).
#include "firmware/storage/flash_log.h"

#include <algorithm>
#include <cstring>

#include "firmware/core/bytes.h"
#include "firmware/core/crc32.h"
#include "firmware/core/log.h"

namespace fw::storage {
namespace {

constexpr const char* kTag = "flash_log";
constexpr size_t kChunk = 256;  // stack buffer for scanning and comparing flash contents

uint32_t entry_crc(std::string_view key, const void* value, size_t len) {
    return crc32_le(crc32(key.data(), key.size()), value, len);
}

}  // namespace

Status FlashLog::program(uint32_t address, const void* src, size_t len) {
    stats_.flash_bytes += len;
    return region_.write(address, src, len);
}

Status FlashLog::set_mark(uint32_t sector, uint32_t mark) {
    const uint8_t cleared = 0x00;
    return program(addr(sector, mark), &cleared, 1);
}

Result<bool> FlashLog::blank(uint32_t address, size_t len) const {
    uint8_t buf[kChunk];
    while (len > 0) {
        size_t n = std::min(len, sizeof buf);
        FW_TRY(region_.read(address, buf, n));
        if (!all_ff(buf, n)) return false;
        address += static_cast<uint32_t>(n);
        len -= n;
    }
    return true;
}

Status FlashLog::check_record(const Loc& loc, std::string_view key, void* dst) const {
    uint32_t base = addr(loc.sector, loc.offset);
    uint8_t raw[flog::kRecordHeaderSize];
    FW_TRY(region_.read(base, raw, sizeof raw));
    flog::RecordHeader h;
    bool ok = flog::decode_record_header(raw, h) == flog::HeaderCheck::Valid && h.key_len == loc.key_len &&
              h.value_len == loc.value_len;
    if (ok) {
        char stored_key[flog::kMaxKey];
        FW_TRY(region_.read(base + flog::kRecordHeaderSize, stored_key, h.key_len));
        if (h.value_len > 0) FW_TRY(region_.read(base + flog::kRecordHeaderSize + h.key_len, dst, h.value_len));
        ok = std::string_view(stored_key, h.key_len) == key &&
             entry_crc(std::string_view(stored_key, h.key_len), dst, h.value_len) == h.data_crc;
    }
    if (!ok) {
        FW_LOGE(kTag, "record at sector %u offset %u fails its check", loc.sector, loc.offset);
        return Err::Corrupt;
    }
    return ok_status();
}

bool FlashLog::same_value(const Loc& loc, uint32_t crc, const void* value, size_t len) const {
    if (loc.value_len != len) return false;
    uint8_t raw[flog::kRecordHeaderSize];
    flog::RecordHeader h;
    if (!region_.read(addr(loc.sector, loc.offset), raw, sizeof raw).ok() ||
        flog::decode_record_header(raw, h) != flog::HeaderCheck::Valid || h.data_crc != crc)
        return false;
    uint32_t at = addr(loc.sector, loc.offset) + flog::kRecordHeaderSize + loc.key_len;
    const auto* want = static_cast<const uint8_t*>(value);
    uint8_t buf[kChunk];
    for (size_t done = 0; done < len;) {
        size_t n = std::min(len - done, sizeof buf);
        if (!region_.read(at + static_cast<uint32_t>(done), buf, n).ok() || std::memcmp(buf, want + done, n) != 0)
            return false;
        done += n;
    }
    return true;
}

Status FlashLog::append(std::string_view key, const void* value, size_t len, uint32_t crc) {
    uint32_t size = flog::record_size(key.size(), len);
    FW_TRY(ensure_room(size));
    Sector& head = sectors_[head_];
    Loc loc{static_cast<uint16_t>(head_), static_cast<uint16_t>(head.used), static_cast<uint16_t>(len),
            static_cast<uint8_t>(key.size())};
    head.used += size;
    flog::RecordHeader rh{flog::kLive, loc.key_len, loc.value_len, crc};
    uint8_t raw[flog::kRecordHeaderSize];
    flog::encode_record_header(raw, rh);
    // Header first: a cut after it leaves a record whose data CRC fails and whose length is known.
    uint32_t base = addr(loc.sector, loc.offset);
    FW_TRY(program(base, raw, sizeof raw));
    FW_TRY(program(base + flog::kRecordHeaderSize, key.data(), key.size()));
    if (len > 0) FW_TRY(program(base + flog::kRecordHeaderSize + loc.key_len, value, len));
    stats_.user_bytes += size;
    head.live += size;

    // The new record is complete, so it wins over the old one even if retiring that is cut short.
    auto it = index_.find(key);
    if (it == index_.end()) {
        index_.emplace(std::string(key), loc);
        return ok_status();
    }
    Loc old = it->second;
    it->second = loc;
    sectors_[old.sector].live -= old.size();
    return retire(old);
}

Status FlashLog::retire(const Loc& loc) {
    const uint8_t retired = 0x00;
    return program(addr(loc.sector, loc.offset) + flog::kRecordFlags, &retired, 1);
}

Status FlashLog::guard(Status s) {
    if (!s.ok() && s.err() != Err::NoSpace) {
        FW_LOGE(kTag, "flash error (%s): log unmounted until the next mount", name_of(s.err()));
        mounted_ = false;
    }
    return s;
}

Result<size_t> FlashLog::size_of(std::string_view key) const {
    if (!mounted_) return Err::BadState;
    auto it = index_.find(key);
    if (it == index_.end()) return Err::NotFound;
    return static_cast<size_t>(it->second.value_len);
}

Status FlashLog::read(std::string_view key, void* dst, size_t len) const {
    if (!mounted_) return Err::BadState;
    auto it = index_.find(key);
    if (it == index_.end()) return Err::NotFound;
    if (it->second.value_len != len) return Err::InvalidArg;
    return check_record(it->second, key, dst);
}

Result<std::vector<uint8_t>> FlashLog::read(std::string_view key) const {
    auto size = size_of(key);
    if (!size.ok()) return size.err();
    std::vector<uint8_t> out(*size);
    FW_TRY(read(key, out.data(), out.size()));
    return out;
}

Status FlashLog::write(std::string_view key, const void* value, size_t len) {
    if (!mounted_) return Err::BadState;
    if (key.empty() || key.size() > kMaxKey || (len > 0 && value == nullptr)) return Err::InvalidArg;
    if (key.size() + len > kMaxEntry) return Err::TooLarge;
    uint32_t crc = entry_crc(key, value, len);
    auto it = index_.find(key);
    if (it != index_.end() && same_value(it->second, crc, value, len)) return ok_status();
    return guard(append(key, value, len, crc));
}

Status FlashLog::remove(std::string_view key) {
    if (!mounted_) return Err::BadState;
    auto it = index_.find(key);
    if (it == index_.end()) return Err::NotFound;
    Loc old = it->second;
    index_.erase(it);
    sectors_[old.sector].live -= old.size();
    return guard(retire(old));
}

std::vector<std::string> FlashLog::keys(std::string_view prefix) const {
    std::vector<std::string> out;
    for (auto it = index_.lower_bound(prefix); it != index_.end() && it->first.starts_with(prefix); ++it)
        out.push_back(it->first);
    return out;
}

size_t FlashLog::capacity() const { return sectors_.empty() ? 0 : (sectors_.size() - 1) * flog::kPayloadSize; }

size_t FlashLog::used() const {
    size_t total = 0;
    for (const auto& s : sectors_) total += s.live;
    return total;
}

}  // namespace fw::storage
