#pragma once
// ESP-IDF app image: 24-byte header (magic 0xE9), segments (load_addr, data_len, data), XOR
// checksum in the last byte of a 16-byte-aligned block, optional appended SHA-256. The app
// descriptor (magic 0xABCD5432) opens the first segment. Our images carry two segments: the
// descriptor (DROM) and the app's executable (IROM) that the chip runs. See PROTOCOLS.md.
#include <cstdint>
#include <string>
#include <vector>

#include "firmware/core/result.h"
#include "firmware/storage/flash_region.h"
#include "hal/efuse.h"

namespace fw::storage {

constexpr uint8_t kImageMagic = 0xE9;
constexpr uint32_t kAppDescMagic = 0xABCD5432;
constexpr size_t kImageHeaderSize = 24;
constexpr size_t kSegmentHeaderSize = 8;
constexpr size_t kAppDescSize = 256;
constexpr uint8_t kChecksumSeed = 0xEF;
constexpr uint32_t kDromLoadAddr = 0x3F400020;  // where ESP32 maps the descriptor segment
constexpr uint32_t kIromLoadAddr = 0x400D0020;  // where ESP32 maps code; here: the executable
constexpr uint8_t kMaxSegments = 16;
// The anti-rollback eFuse field holds at most this: an image with a higher secure_version could
// never have its counter burned, so it is no image this chip runs.
constexpr uint32_t kMaxSecureVersion = hal::Efuse::kMaxSecureVersion;

struct AppDesc {
    uint32_t secure_version = 0;
    std::string version;       // up to 31 chars
    std::string project_name;  // up to 31 chars
    std::string time;          // up to 15 chars
    std::string date;          // up to 15 chars
    std::string idf_ver;       // up to 31 chars
    uint8_t app_elf_sha256[32] = {};
};

struct Segment {
    uint32_t load_addr;
    uint32_t data_offset;  // from the image start
    uint32_t data_len;
};

struct ImageInfo {
    uint8_t segment_count = 0;
    uint32_t entry_addr = 0;
    uint16_t chip_id = 0;
    std::vector<Segment> segments;
    AppDesc desc;
    uint32_t checksum_offset = 0;  // offset of the checksum byte
    uint32_t image_len = 0;        // header..checksum plus the SHA-256
    uint8_t sha256[32] = {};       // hash of header..checksum, as computed while reading
    // The executable the chip runs: the IROM segment.
    uint32_t payload_offset = 0;
    uint32_t payload_len = 0;
};

// Why an image was refused, for the boot log and OTA reports.
enum class ImageError : uint8_t {
    None = 0,
    ReadFailed,
    BadMagic,
    BadSegments,       // count, length or layout impossible / past the region
    BadDescriptor,     // the first segment does not open with the app descriptor (magic 0xABCD5432)
    BadSecureVersion,  // secure_version above kMaxSecureVersion
    BadChecksum,
    BadHash,
    NoHash,  // no appended SHA-256: the image cannot be trusted
    NoPayload,
};
const char* name_of(ImageError e);

// Reads and checks an image stored at the start of `region`: header, segments within bounds, the
// app descriptor at the start of the first segment (as ESP-IDF requires of an app) with a
// secure_version the eFuse can hold, checksum and the appended SHA-256 (required: an image without
// it is refused). The error says what was wrong.
Result<ImageInfo, ImageError> verify_image(const FlashRegion& region);

// Parses just the descriptor from a header + first segment held in memory (OTA writer, tools).
Result<AppDesc> parse_app_desc(const uint8_t* seg_data, size_t len);

// Builds an image (header, descriptor segment, executable segment, checksum, SHA-256).
std::vector<uint8_t> build_image(const AppDesc& desc, const std::vector<uint8_t>& executable);

// The 256 bytes of a descriptor as they open the first segment.
std::vector<uint8_t> encode_app_desc(const AppDesc& desc);

struct SegmentBytes {
    uint32_t load_addr;
    std::vector<uint8_t> data;  // padded to a word when built
};
// Builds an image of any segments, checksum and SHA-256 included: for tools and tests that need
// layouts build_image() never makes.
std::vector<uint8_t> build_image_of(const std::vector<SegmentBytes>& segments);

}  // namespace fw::storage
