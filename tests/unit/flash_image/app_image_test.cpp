#include "firmware/storage/app_image.h"

#include <gtest/gtest.h>

#include "firmware/core/bytes.h"
#include "image_fixtures.h"

namespace fs = fw::storage;

namespace {

struct Checked {
    bool ok;
    fs::ImageError why;
    fs::ImageInfo info;
};

// Verifies `img` stored at the start of a `region`-byte partition of a larger flash.
Checked check(const std::vector<uint8_t>& img, uint32_t region = 0x20000) {
    hal_posix::MemFlash flash(0x20000);
    fixtures::put(flash, 0, img);
    auto r = fs::verify_image(fs::FlashRegion(flash, 0, region));
    return Checked{r.ok(), r.err(), r.ok() ? r.value() : fs::ImageInfo{}};
}

}  // namespace

TEST(AppImage, LayoutFollowsEspIdf) {
    auto img = fixtures::image("1.2.3", 7, 1001);
    EXPECT_EQ(img[0], 0xE9);
    EXPECT_EQ(img[1], 2);   // segments
    EXPECT_EQ(img[23], 1);  // hash appended
    EXPECT_EQ(fw::get_le32(img.data() + 24), fs::kDromLoadAddr);
    EXPECT_EQ(fw::get_le32(img.data() + 28), 256u);
    EXPECT_EQ(fw::get_le32(img.data() + 32), 0xABCD5432u);  // descriptor opens segment 0
    EXPECT_EQ(fw::get_le32(img.data() + 36), 7u);           // secure_version
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(img.data() + 32 + 16)), "1.2.3");
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(img.data() + 32 + 48)), "iotfw");
    // Executable segment, padded to a word.
    EXPECT_EQ(fw::get_le32(img.data() + 288), fs::kIromLoadAddr);
    EXPECT_EQ(fw::get_le32(img.data() + 292), 1004u);
    // Checksum closes a 16-byte block, then the SHA-256.
    size_t checksum_at = img.size() - 33;
    EXPECT_EQ(checksum_at % 16, 15u);
    uint8_t x = 0xEF;
    for (size_t i = 32; i < 32 + 256; ++i) x ^= img[i];
    for (size_t i = 296; i < 296 + 1004; ++i) x ^= img[i];
    EXPECT_EQ(img[checksum_at], x);
}

TEST(AppImage, VerifiesAndReportsDescriptorAndPayload) {
    auto img = fixtures::image("2.0", 3, 5000);
    Checked c = check(img);
    ASSERT_TRUE(c.ok) << fs::name_of(c.why);
    EXPECT_EQ(c.info.desc.version, "2.0");
    EXPECT_EQ(c.info.desc.project_name, "iotfw");
    EXPECT_EQ(c.info.desc.secure_version, 3u);
    EXPECT_EQ(c.info.image_len, img.size());
    EXPECT_EQ(c.info.payload_offset, 296u);
    EXPECT_EQ(c.info.payload_len, 5000u);
}

TEST(AppImage, EveryFlippedByteIsCaught) {
    auto img = fixtures::image("1.0", 0, 700);
    for (size_t i = 0; i < img.size(); ++i) {
        auto bad = img;
        bad[i] ^= 0x10;
        Checked c = check(bad);
        EXPECT_FALSE(c.ok) << "flip at " << i << " went unnoticed";
    }
}

TEST(AppImage, NamesTheProblem) {
    auto img = fixtures::image("1.0");
    auto payload_flip = img;
    payload_flip[400] ^= 1;
    EXPECT_EQ(check(payload_flip).why, fs::ImageError::BadChecksum);
    auto hash_flip = img;
    hash_flip.back() ^= 1;
    EXPECT_EQ(check(hash_flip).why, fs::ImageError::BadHash);
    auto no_magic = img;
    no_magic[0] = 0xFF;
    EXPECT_EQ(check(no_magic).why, fs::ImageError::BadMagic);
    auto desc = img;
    desc[32] = 0;
    EXPECT_EQ(check(desc).why, fs::ImageError::BadDescriptor);
    auto huge = img;
    fw::put_le32(huge.data() + 292, 0x7FFFFFFF);  // segment length past the region
    EXPECT_EQ(check(huge).why, fs::ImageError::BadSegments);
    auto no_hash = img;
    no_hash[23] = 0;  // an image without its SHA-256 is not trusted
    EXPECT_EQ(check(no_hash).why, fs::ImageError::NoHash);
    auto zero_segments = img;
    zero_segments[1] = 0;
    EXPECT_EQ(check(zero_segments).why, fs::ImageError::BadSegments);
}

TEST(AppImage, TruncatedImageIsRefused) {
    auto img = fixtures::image("1.0", 0, 3000);
    // The image ends in erased flash: whatever part is missing, it never verifies.
    for (size_t keep : {size_t{10}, size_t{300}, size_t{2000}, img.size() - 1}) {
        std::vector<uint8_t> part(img.begin(), img.begin() + static_cast<long>(keep));
        EXPECT_FALSE(check(part).ok) << keep;
    }
    // An image cut by the end of its partition.
    EXPECT_FALSE(check(img, 2048).ok);
}

// ESP-IDF reads an app's esp_app_desc_t at the start of the first segment's data: an image whose
// first segment is empty, or holds anything else, has no descriptor and is no app.
TEST(AppImage, FirstSegmentMustOpenWithTheDescriptor) {
    fs::AppDesc d;
    d.version = "6.6";
    d.project_name = "iotfw";
    auto elf = fixtures::fake_elf(1000, 1);
    auto desc = fs::encode_app_desc(d);
    auto empty_first = fs::build_image_of({{fs::kDromLoadAddr, {}}, {fs::kIromLoadAddr, elf}});
    EXPECT_EQ(check(empty_first).why, fs::ImageError::BadDescriptor);
    auto desc_second =
        fs::build_image_of({{fs::kDromLoadAddr, {}}, {fs::kDromLoadAddr, desc}, {fs::kIromLoadAddr, elf}});
    EXPECT_EQ(check(desc_second).why, fs::ImageError::BadDescriptor);
    auto short_first = fs::build_image_of(
        {{fs::kDromLoadAddr, std::vector<uint8_t>(desc.begin(), desc.begin() + 128)}, {fs::kIromLoadAddr, elf}});
    EXPECT_EQ(check(short_first).why, fs::ImageError::BadDescriptor);
    auto proper = fs::build_image_of({{fs::kDromLoadAddr, desc}, {fs::kIromLoadAddr, elf}});
    EXPECT_EQ(check(proper).why, fs::ImageError::None);
    EXPECT_EQ(proper, fs::build_image(d, elf));
}

// The anti-rollback eFuse field is a 32-bit thermometer code: secure_version 33 and above could
// never be burned, so such an image is refused rather than booted past the counter.
TEST(AppImage, SecureVersionAboveTheEfuseFieldIsRefused) {
    EXPECT_EQ(check(fixtures::image("1.0", 32)).why, fs::ImageError::None);
    EXPECT_EQ(check(fixtures::image("1.0", 33)).why, fs::ImageError::BadSecureVersion);
    EXPECT_EQ(check(fixtures::image("1.0", 0xFFFFFFFF)).why, fs::ImageError::BadSecureVersion);
    EXPECT_STREQ(fs::name_of(fs::ImageError::BadSecureVersion),
                 "secure_version above 32, the most the eFuse anti-rollback field holds");
}
