#include "firmware/storage/partition_table.h"

#include <mbedtls/md5.h>

#include <algorithm>
#include <cstring>

#include "firmware/core/bytes.h"
#include "firmware/core/log.h"
#include "firmware/core/text_field.h"

namespace fw::storage {
namespace {

constexpr const char* kTag = "part";
constexpr uint8_t kMagic0 = 0xAA, kMagic1 = 0x50;
constexpr uint8_t kMd5Magic = 0xEB;

void md5(const uint8_t* data, size_t len, uint8_t out[16]) { mbedtls_md5(data, len, out); }

}  // namespace

Result<PartitionTable> PartitionTable::parse(const uint8_t* data, size_t len, uint32_t flash_size) {
    std::vector<Partition> parts;
    bool md5_ok = false;
    for (size_t off = 0; off + kPartitionEntrySize <= len; off += kPartitionEntrySize) {
        const uint8_t* e = data + off;
        if (all_ff(e, kPartitionEntrySize)) break;
        if (e[0] == kMd5Magic && e[1] == kMd5Magic) {
            uint8_t want[16];
            md5(data, off, want);
            if (std::memcmp(want, e + 16, 16) != 0) {
                FW_LOGE(kTag, "partition table MD5 mismatch");
                return Err::Corrupt;
            }
            md5_ok = true;
            continue;
        }
        if (e[0] != kMagic0 || e[1] != kMagic1) {
            FW_LOGE(kTag, "bad magic in partition entry %zu", off / kPartitionEntrySize);
            return Err::Corrupt;
        }
        Partition p;
        p.type = e[2];
        p.subtype = e[3];
        p.offset = get_le32(e + 4);
        p.size = get_le32(e + 8);
        p.label.assign(reinterpret_cast<const char*>(e + 12), field_strlen(reinterpret_cast<const char*>(e + 12), 16));
        p.flags = get_le32(e + 28);
        if (flash_size != 0 && (p.offset > flash_size || p.size > flash_size - p.offset)) {
            FW_LOGE(kTag, "partition '%s' (0x%x+0x%x) lies past the end of flash", p.label.c_str(),
                    static_cast<unsigned>(p.offset), static_cast<unsigned>(p.size));
            return Err::Corrupt;
        }
        parts.push_back(std::move(p));
    }
    if (parts.empty()) {
        FW_LOGE(kTag, "no partition table found");
        return Err::NotFound;
    }
    if (!md5_ok) {
        FW_LOGE(kTag, "partition table has no MD5 entry");
        return Err::Corrupt;
    }
    return PartitionTable(std::move(parts));
}

Result<PartitionTable> PartitionTable::read(hal::Flash& flash) {
    std::vector<uint8_t> buf(kPartitionTableMaxLen);
    hal::Status s = flash.read(kPartitionTableOffset, buf.data(), buf.size());
    if (s != hal::Status::Ok) return from_hal(s);
    return parse(buf.data(), buf.size(), flash.size());
}

std::vector<uint8_t> PartitionTable::serialize() const {
    std::vector<uint8_t> out(kPartitionTableMaxLen, 0xFF);
    size_t off = 0;
    for (const auto& p : parts_) {
        uint8_t* e = out.data() + off;
        e[0] = kMagic0;
        e[1] = kMagic1;
        e[2] = p.type;
        e[3] = p.subtype;
        put_le32(e + 4, p.offset);
        put_le32(e + 8, p.size);
        std::memset(e + 12, 0, 16);
        std::copy_n(p.label.data(), std::min<size_t>(p.label.size(), 16),
                    e + 12);  // a 16-character label fills the field
        put_le32(e + 28, p.flags);
        off += kPartitionEntrySize;
    }
    uint8_t* m = out.data() + off;
    m[0] = kMd5Magic;
    m[1] = kMd5Magic;
    std::memset(m + 2, 0xFF, 14);
    md5(out.data(), off, m + 16);
    return out;
}

const Partition* PartitionTable::find(const std::string& label) const {
    for (const auto& p : parts_)
        if (p.label == label) return &p;
    return nullptr;
}

const Partition* PartitionTable::find(PartType type, uint8_t sub) const {
    for (const auto& p : parts_)
        if (p.type == static_cast<uint8_t>(type) && p.subtype == sub) return &p;
    return nullptr;
}

std::vector<const Partition*> PartitionTable::ota_slots() const {
    std::vector<const Partition*> slots;
    for (uint8_t s = subtype::kOtaMin; s <= subtype::kOtaMax; ++s)
        if (const Partition* p = find(PartType::App, s)) slots.push_back(p);
    return slots;
}

}  // namespace fw::storage
