#pragma once
// ESP-IDF partition table: binary format (32-byte entries, MD5 entry, 0xFF padding) read by the
// bootloader and the firmware, and written by fwtool. See PROTOCOLS.md.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "firmware/core/result.h"
#include "hal/flash.h"

namespace fw::storage {

// ESP-IDF's CONFIG_PARTITION_TABLE_OFFSET, moved from its default 0x8000 to 0x10000 as ESP-IDF
// secure boot builds do: a signed bootloader (image padded to 4 KiB plus its signature sector)
// must fit between 0x1000 and the table. See firmware/boot/BOOT_CHAIN.md.
constexpr uint32_t kPartitionTableOffset = 0x10000;
constexpr size_t kPartitionTableMaxLen = 0xC00;
constexpr size_t kPartitionEntrySize = 32;

enum class PartType : uint8_t { App = 0x00, Data = 0x01 };

namespace subtype {
constexpr uint8_t kFactory = 0x00, kOtaMin = 0x10, kOtaMax = 0x1F, kTest = 0x20;
constexpr uint8_t kOta = 0x00, kPhy = 0x01, kNvs = 0x02, kCoredump = 0x03, kNvsKeys = 0x04, kEfuse = 0x05, kFat = 0x81,
                  kSpiffs = 0x82, kLittlefs = 0x83;
}  // namespace subtype

namespace flags {
constexpr uint32_t kEncrypted = 1u << 0, kReadonly = 1u << 1;
}

struct Partition {
    uint8_t type = 0;
    uint8_t subtype = 0;
    uint32_t offset = 0;
    uint32_t size = 0;
    std::string label;  // up to 16 chars
    uint32_t flags = 0;

    bool is_app() const { return type == static_cast<uint8_t>(PartType::App); }
    bool is_ota_slot() const { return is_app() && subtype >= subtype::kOtaMin && subtype <= subtype::kOtaMax; }
};

class PartitionTable {
public:
    PartitionTable() = default;
    explicit PartitionTable(std::vector<Partition> parts) : parts_(std::move(parts)) {}

    // Parses the binary table; Corrupt on a bad magic, a missing/incorrect MD5 entry or an entry
    // that does not fit `flash_size` (0 skips that check).
    static Result<PartitionTable> parse(const uint8_t* data, size_t len, uint32_t flash_size);
    static Result<PartitionTable> read(hal::Flash& flash);
    // The 0xC00-byte binary image, MD5 entry included, padded with 0xFF.
    std::vector<uint8_t> serialize() const;

    const std::vector<Partition>& partitions() const { return parts_; }
    const Partition* find(const std::string& label) const;
    const Partition* find(PartType type, uint8_t subtype) const;
    // OTA app slots in subtype order (ota_0, ota_1, ...).
    std::vector<const Partition*> ota_slots() const;

private:
    std::vector<Partition> parts_;
};

}  // namespace fw::storage
