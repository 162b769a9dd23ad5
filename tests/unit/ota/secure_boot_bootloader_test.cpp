// The bootloader with secure boot on (a key digest in eFuse) runs only images signed with that
// key, falling back to the next slot and logging why; with secure boot off signatures are ignored.
#include <gtest/gtest.h>

#include "ota_fixtures.h"

namespace {

using namespace ota;

struct SecureBootTest : ::testing::Test {
    TestKey key, rogue;
    Board b;

    void SetUp() override {
        ASSERT_TRUE(key.ok() && rogue.ok());
        fixtures::put(b.flash, kOta0, key.sign(app_image("1.0")));
        ASSERT_TRUE(b.otadata().select_slot(1, 2, fs::OtaState::Valid).ok());
    }
};

TEST_F(SecureBootTest, UnsignedImageIsRefusedAndTheOtherSlotBoots) {
    key.burn_into(b.efuse);
    fixtures::put(b.flash, kOta1, app_image("1.1"));
    EXPECT_EQ(b.boot(), "ota_0/1.0");
    EXPECT_TRUE(b.log.contains("ota_1: image refused: signature: no signature block")) << b.log.lines.back();
}

TEST_F(SecureBootTest, ImageSignedWithAnotherKeyIsRefused) {
    key.burn_into(b.efuse);
    fixtures::put(b.flash, kOta1, rogue.sign(app_image("1.1")));
    EXPECT_EQ(b.boot(), "ota_0/1.0");
    EXPECT_TRUE(b.log.contains("ota_1: image refused: signature: key not trusted"));
}

TEST_F(SecureBootTest, TamperedPaddingIsRefused) {
    key.burn_into(b.efuse);
    auto img = app_image("1.1");
    auto f = key.sign(img);
    f[img.size() + 1] = 0x00;  // the image itself still verifies: only the signed digest catches it
    fixtures::put(b.flash, kOta1, f);
    EXPECT_EQ(b.boot(), "ota_0/1.0");
    EXPECT_TRUE(b.log.contains("ota_1: image refused: signature: digest mismatch"));
}

TEST_F(SecureBootTest, SignedImageBoots) {
    key.burn_into(b.efuse);
    fixtures::put(b.flash, kOta1, key.sign(app_image("1.1")));
    EXPECT_EQ(b.boot(), "ota_1/1.1");
    EXPECT_TRUE(b.log.contains("secure boot"));
}

TEST_F(SecureBootTest, NoTrustedImageAnywhereBootsNothing) {
    rogue.burn_into(b.efuse);
    fixtures::put(b.flash, kOta1, key.sign(app_image("1.1")));
    EXPECT_EQ(b.boot(), "none");
}

TEST_F(SecureBootTest, SecureBootOffIgnoresSignatures) {
    fixtures::put(b.flash, kOta1, app_image("1.1"));
    EXPECT_EQ(b.boot(), "ota_1/1.1");
    EXPECT_FALSE(b.log.contains("secure boot"));
}

// The executable that a boot choice hands to the chip, as bytes.
std::vector<uint8_t> handed_over(const fw::boot::BootChoice& c) {
    return std::vector<uint8_t>(c.image.executable(), c.image.executable() + c.image.info.payload_len);
}

// A flash whose content changes once the bootloader has read an image (a swapped chip, a flash
// emulator): the chip must run the bytes that were verified, not what the flash holds by then.
TEST_F(SecureBootTest, FlashChangedAfterVerificationDoesNotRunTheChangedBytes) {
    key.burn_into(b.efuse);
    auto img = app_image("1.1");
    fixtures::put(b.flash, kOta1, key.sign(img));
    auto verified = fs::verify_image(fs::FlashRegion(b.flash, kOta1, kSlotSize)).value();
    std::vector<uint8_t> exe(b.flash.bytes().begin() + kOta1 + verified.payload_offset,
                             b.flash.bytes().begin() + kOta1 + verified.payload_offset + verified.payload_len);
    std::vector<uint8_t> changed = b.flash.bytes();
    for (uint32_t i = 0; i < verified.payload_len; ++i) changed[kOta1 + verified.payload_offset + i] ^= 0x5A;
    uint32_t last = kOta1 + fs::signature_offset(static_cast<uint32_t>(img.size())) + fs::kSigBlockSize - 1;
    b.flash.change_after_read(last, changed);

    auto c = fw::boot::select_image(b.hal);
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->partition.label, "ota_1");
    ASSERT_EQ(b.flash.bytes(), changed) << "the flash did not change after the bootloader read it";
    EXPECT_EQ(handed_over(c.value()), exe);
}

// The same flash changing half-way through the read: the copy mixes both contents and is refused.
TEST_F(SecureBootTest, FlashChangedDuringTheReadIsRefused) {
    key.burn_into(b.efuse);
    fixtures::put(b.flash, kOta1, key.sign(app_image("1.1")));
    std::vector<uint8_t> changed = b.flash.bytes();
    for (uint32_t i = 100; i < 2000; ++i) changed[kOta1 + 4096 + i] ^= 0x5A;
    b.flash.change_after_read(kOta1, changed);
    EXPECT_EQ(b.boot(), "ota_0/1.0");
    EXPECT_TRUE(b.log.contains("ota_1: image refused"));
}

// Read once: every sector of the chosen image (and of its signature) is read exactly one time.
TEST_F(SecureBootTest, EverySectorOfTheBootedImageIsReadOnce) {
    key.burn_into(b.efuse);
    auto f = key.sign(app_image("1.1", 0, "iotfw", 20000));
    fixtures::put(b.flash, kOta1, f);
    EXPECT_EQ(b.boot(), "ota_1/1.1");
    for (uint32_t s = kOta1 / 4096; s < (kOta1 + static_cast<uint32_t>(f.size())) / 4096; ++s)
        EXPECT_EQ(b.flash.sector(s).reads, 1u) << "sector " << s;
}

}  // namespace
