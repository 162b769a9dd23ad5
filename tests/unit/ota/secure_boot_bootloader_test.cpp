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

}  // namespace
