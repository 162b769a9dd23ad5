#include "firmware/storage/app_image.h"

#include <mbedtls/sha256.h>

#include <algorithm>
#include <cstring>

#include "firmware/core/bytes.h"
#include "firmware/core/enum_names.h"
#include "firmware/core/text_field.h"

namespace fw::storage {
namespace {

void put_str(uint8_t* dst, size_t cap, const std::string& s) {
    std::memset(dst, 0, cap);  // the terminator, and zeros after the text
    std::copy_n(s.data(), std::min(s.size(), cap - 1), dst);
}

std::string get_str(const uint8_t* p, size_t cap) {
    return std::string(reinterpret_cast<const char*>(p), field_strlen(reinterpret_cast<const char*>(p), cap));
}

// Offsets inside the 256-byte descriptor (esp_app_desc_t).
constexpr size_t kDescSecureVersion = 4, kDescVersion = 16, kDescProject = 48, kDescTime = 80, kDescDate = 96,
                 kDescIdfVer = 112, kDescElfSha = 144;

}  // namespace

std::vector<uint8_t> encode_app_desc(const AppDesc& d) {
    std::vector<uint8_t> b(kAppDescSize, 0);
    put_le32(b.data(), kAppDescMagic);
    put_le32(b.data() + kDescSecureVersion, d.secure_version);
    put_str(b.data() + kDescVersion, 32, d.version);
    put_str(b.data() + kDescProject, 32, d.project_name);
    put_str(b.data() + kDescTime, 16, d.time);
    put_str(b.data() + kDescDate, 16, d.date);
    put_str(b.data() + kDescIdfVer, 32, d.idf_ver);
    std::memcpy(b.data() + kDescElfSha, d.app_elf_sha256, 32);
    return b;
}

constexpr fw::EnumName<ImageError> kImageErrorNames[] = {
    {ImageError::None, "ok"},
    {ImageError::ReadFailed, "flash read failed"},
    {ImageError::BadMagic, "no image (bad magic)"},
    {ImageError::BadSegments, "bad segment table"},
    {ImageError::BadDescriptor, "bad app descriptor"},
    {ImageError::BadSecureVersion, "secure_version above 32, the most the eFuse anti-rollback field holds"},
    {ImageError::BadChecksum, "checksum mismatch"},
    {ImageError::BadHash, "SHA-256 mismatch"},
    {ImageError::NoHash, "no appended SHA-256"},
    {ImageError::NoPayload, "no executable segment"},
};

const char* name_of(ImageError e) { return fw::name_in(kImageErrorNames, e); }

Result<AppDesc> parse_app_desc(const uint8_t* p, size_t len) {
    if (len < kAppDescSize || get_le32(p) != kAppDescMagic) return Err::Corrupt;
    AppDesc d;
    d.secure_version = get_le32(p + kDescSecureVersion);
    d.version = get_str(p + kDescVersion, 32);
    d.project_name = get_str(p + kDescProject, 32);
    d.time = get_str(p + kDescTime, 16);
    d.date = get_str(p + kDescDate, 16);
    d.idf_ver = get_str(p + kDescIdfVer, 32);
    std::memcpy(d.app_elf_sha256, p + kDescElfSha, 32);
    return d;
}

Result<ImageInfo, ImageError> verify_image(const FlashRegion& region) {
    uint8_t hdr[kImageHeaderSize];
    if (!region.read(0, hdr, sizeof hdr).ok()) return ImageError::ReadFailed;
    if (hdr[0] != kImageMagic) return ImageError::BadMagic;

    ImageInfo info;
    info.segment_count = hdr[1];
    info.entry_addr = get_le32(hdr + 4);
    info.chip_id = get_le16(hdr + 12);
    if (hdr[23] != 1) return ImageError::NoHash;
    if (info.segment_count == 0 || info.segment_count > kMaxSegments) return ImageError::BadSegments;

    mbedtls_sha256_context sha;
    mbedtls_sha256_init(&sha);
    mbedtls_sha256_starts(&sha, 0);
    mbedtls_sha256_update(&sha, hdr, sizeof hdr);
    uint8_t checksum = kChecksumSeed;
    uint32_t off = kImageHeaderSize;
    uint8_t buf[1024];
    ImageError err = ImageError::None;
    for (uint8_t i = 0; i < info.segment_count && err == ImageError::None; ++i) {
        uint8_t sh[kSegmentHeaderSize];
        if (!region.read(off, sh, sizeof sh).ok()) {
            err = ImageError::ReadFailed;
            break;
        }
        Segment seg{get_le32(sh), off + static_cast<uint32_t>(kSegmentHeaderSize), get_le32(sh + 4)};
        if (seg.data_offset > region.size() || seg.data_len > region.size() - seg.data_offset) {
            err = ImageError::BadSegments;
            break;
        }
        // An app's first segment opens with its descriptor; an empty or shorter one has none.
        if (i == 0 && seg.data_len < kAppDescSize) {
            err = ImageError::BadDescriptor;
            break;
        }
        mbedtls_sha256_update(&sha, sh, sizeof sh);
        for (uint32_t done = 0; done < seg.data_len;) {
            uint32_t n = std::min<uint32_t>(sizeof buf, seg.data_len - done);
            if (!region.read(seg.data_offset + done, buf, n).ok()) {
                err = ImageError::ReadFailed;
                break;
            }
            if (i == 0 && done == 0) {
                auto d = parse_app_desc(buf, n);
                if (!d.ok()) {
                    err = ImageError::BadDescriptor;
                    break;
                }
                info.desc = d.value();
            }
            for (uint32_t k = 0; k < n; ++k) checksum ^= buf[k];
            mbedtls_sha256_update(&sha, buf, n);
            done += n;
        }
        info.segments.push_back(seg);
        off = seg.data_offset + seg.data_len;
    }
    if (err == ImageError::None) {
        // Zero padding so that the checksum byte ends a 16-byte block.
        uint32_t pad = 15 - (off % 16);
        info.checksum_offset = off + pad;
        uint32_t tail_len = pad + 1 + 32;
        if (info.checksum_offset >= region.size() || tail_len > region.size() - off) {
            err = ImageError::BadSegments;
        } else if (!region.read(off, buf, tail_len).ok()) {
            err = ImageError::ReadFailed;
        } else {
            mbedtls_sha256_update(&sha, buf, pad + 1);
            mbedtls_sha256_finish(&sha, info.sha256);
            info.image_len = off + tail_len;
            if (buf[pad] != checksum) {
                err = ImageError::BadChecksum;
            } else if (!equal_ct(buf + pad + 1, info.sha256, 32)) {
                err = ImageError::BadHash;
            }
        }
    }
    mbedtls_sha256_free(&sha);
    if (err != ImageError::None) return err;
    for (const auto& s : info.segments) {
        if (s.load_addr == kIromLoadAddr) {
            info.payload_offset = s.data_offset;
            info.payload_len = s.data_len;
        }
    }
    if (info.payload_len == 0) return ImageError::NoPayload;
    if (info.desc.secure_version > kMaxSecureVersion) return ImageError::BadSecureVersion;
    return info;
}

std::vector<uint8_t> build_image_of(const std::vector<SegmentBytes>& segments) {
    std::vector<uint8_t> img(kImageHeaderSize, 0);
    img[0] = kImageMagic;
    img[1] = static_cast<uint8_t>(segments.size());
    img[2] = 2;     // SPI mode DIO
    img[3] = 0x20;  // 4 MB flash, 40 MHz
    put_le32(img.data() + 4, kIromLoadAddr);
    img[8] = 0xEE;                      // wp_pin: unused
    put_le16(img.data() + 12, 0x0000);  // chip id: ESP32
    put_le16(img.data() + 15, 0x0000);  // min_chip_rev_full
    put_le16(img.data() + 17, 0xFFFF);  // max_chip_rev_full: any
    img[23] = 1;                        // hash appended

    uint8_t checksum = kChecksumSeed;
    for (const auto& s : segments) {
        std::vector<uint8_t> d = s.data;
        d.resize((d.size() + 3) & ~size_t{3}, 0);  // segments are word-aligned
        uint8_t sh[kSegmentHeaderSize];
        put_le32(sh, s.load_addr);
        put_le32(sh + 4, static_cast<uint32_t>(d.size()));
        img.insert(img.end(), sh, sh + sizeof sh);
        img.insert(img.end(), d.begin(), d.end());
        for (uint8_t b : d) checksum ^= b;
    }
    img.resize(img.size() + 15 - (img.size() % 16), 0);
    img.push_back(checksum);
    uint8_t hash[32];
    mbedtls_sha256(img.data(), img.size(), hash, 0);
    img.insert(img.end(), hash, hash + 32);
    return img;
}

std::vector<uint8_t> build_image(const AppDesc& desc, const std::vector<uint8_t>& executable) {
    return build_image_of({{kDromLoadAddr, encode_app_desc(desc)}, {kIromLoadAddr, executable}});
}

}  // namespace fw::storage
