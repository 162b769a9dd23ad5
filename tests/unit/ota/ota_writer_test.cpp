#include "firmware/storage/ota_writer.h"

#include <gtest/gtest.h>
#include <mbedtls/sha256.h>

#include "firmware/core/bytes.h"
#include "firmware/core/crc32.h"
#include "ota_fixtures.h"

namespace {

using namespace ota;

// 1.0 (secure_version 1) signed and running from ota_0, secure boot on, no otadata yet: a device
// fresh from the factory.
struct OtaTest : ::testing::Test {
    TestKey key;
    Board b;

    void SetUp() override {
        ASSERT_TRUE(key.ok());
        key.burn_into(b.efuse);
        b.efuse.version = 1;
        fixtures::put(b.flash, kOta0, key.sign(app_image("1.0", 1)));
        ASSERT_EQ(b.boot(), "ota_0/1.0");
    }

    // Runs the update and expects it refused with `e`, otadata untouched and 1.0 still booting.
    void expect_refused(const std::vector<uint8_t>& file, fs::OtaError e, size_t chunk = 1000) {
        auto before = b.otadata_bytes();
        fs::OtaWriter w(b.flash, b.efuse, b.running);
        auto r = b.update(file, chunk, &w);
        EXPECT_FALSE(r.ok());
        EXPECT_EQ(r.err().code, e) << r.err().reason;
        EXPECT_NE(r.err().reason.find(fs::name_of(e)), std::string::npos) << r.err().reason;
        EXPECT_EQ(b.otadata_bytes(), before) << "a refused update must not touch otadata";
        EXPECT_EQ(b.boot(), "ota_0/1.0");
    }
};

TEST_F(OtaTest, UpdateSwitchesOtadataBootsPendingAndConfirmRaisesCounter) {
    fs::OtaWriter w(b.flash, b.efuse, b.running);
    auto r = b.update(key.sign(app_image("1.1", 2)), 777, &w);
    ASSERT_TRUE(r.ok()) << r.err().reason;
    EXPECT_EQ(w.target().label, "ota_1");
    EXPECT_EQ(w.new_app()->version, "1.1");
    EXPECT_EQ(b.otadata().active_slot(2), 1u);
    EXPECT_EQ(b.active_state(), fs::OtaState::New);

    EXPECT_EQ(b.boot(), "ota_1/1.1");
    EXPECT_EQ(b.active_state(), fs::OtaState::PendingVerify);
    EXPECT_EQ(fs::running_image_state(b.flash, b.running).value(), fs::OtaState::PendingVerify);
    EXPECT_EQ(b.efuse.version, 1u) << "the counter waits for the confirmation";

    ASSERT_TRUE(b.confirm().ok());
    EXPECT_EQ(b.active_state(), fs::OtaState::Valid);
    EXPECT_EQ(b.efuse.version, 2u);
    EXPECT_EQ(b.boot(), "ota_1/1.1");
    EXPECT_EQ(b.boot(), "ota_1/1.1");
}

TEST_F(OtaTest, NextUpdateGoesToTheSlotNotRunning) {
    ASSERT_TRUE(b.update(key.sign(app_image("1.1", 1))).ok());
    ASSERT_EQ(b.boot(), "ota_1/1.1");
    ASSERT_TRUE(b.confirm().ok());
    fs::OtaWriter w(b.flash, b.efuse, b.running);
    auto r = b.update(key.sign(app_image("1.2", 1)), 4096, &w);
    ASSERT_TRUE(r.ok()) << r.err().reason;
    EXPECT_EQ(w.target().label, "ota_0");
    EXPECT_EQ(b.boot(), "ota_0/1.2");
}

TEST_F(OtaTest, UnconfirmedImageRollsBackToThePreviousOne) {
    ASSERT_TRUE(b.update(key.sign(app_image("1.1", 1))).ok());
    ASSERT_EQ(b.boot(), "ota_1/1.1");
    ASSERT_TRUE(b.confirm().ok());
    ASSERT_TRUE(b.update(key.sign(app_image("1.2", 1))).ok());
    ASSERT_EQ(b.boot(), "ota_0/1.2");  // 1.2 fails its self-test: never confirmed
    EXPECT_EQ(b.boot(), "ota_1/1.1");
    EXPECT_TRUE(b.log.contains("never confirmed"));
    EXPECT_EQ(fs::running_image_state(b.flash, b.running).value(), fs::OtaState::Valid);
    EXPECT_EQ(b.otadata().entry(1 - b.otadata().active_sector()).state, fs::OtaState::Aborted);
    EXPECT_EQ(b.boot(), "ota_1/1.1");
    EXPECT_TRUE(b.confirm().ok()) << "1.1 is still the selected image";
}

TEST_F(OtaTest, ConfirmFromASlotOtadataDoesNotSelectIsRefused) {
    ASSERT_TRUE(b.update(key.sign(app_image("1.1", 1))).ok());
    // The app in ota_0 is still running (no reboot yet): it must not confirm ota_1's image.
    EXPECT_EQ(fs::mark_valid(b.flash, b.efuse, kOta0).err(), fw::Err::BadState);
    EXPECT_EQ(b.active_state(), fs::OtaState::New);
}

TEST_F(OtaTest, WithoutOtadataConfirmOnlyRaisesTheCounter) {
    fixtures::put(b.flash, kOta0, key.sign(app_image("1.0", 3)));
    ASSERT_EQ(b.boot(), "ota_0/1.0");
    EXPECT_EQ(fs::running_image_state(b.flash, b.running).value(), fs::OtaState::Undefined);
    ASSERT_TRUE(b.confirm().ok());
    EXPECT_EQ(b.efuse.version, 3u);
    EXPECT_EQ(b.otadata().active_sector(), -1);
}

TEST_F(OtaTest, BadSignatureIsRefused) {
    auto f = key.sign(app_image("1.1", 1));
    uint32_t at = fs::signature_offset(static_cast<uint32_t>(app_image("1.1", 1).size()));
    f[at + 101] ^= 0x01;
    fw::put_le32(f.data() + at + 1196, fw::crc32(f.data() + at, 1196));
    expect_refused(f, fs::OtaError::BadSignature);
}

TEST_F(OtaTest, DamagedSignatureBlockIsRefused) {
    auto f = key.sign(app_image("1.1", 1));
    f[fs::signature_offset(static_cast<uint32_t>(app_image("1.1", 1).size())) + 101] ^= 0x01;
    expect_refused(f, fs::OtaError::BadSignatureBlock);
}

TEST_F(OtaTest, WrongSigningKeyIsRefused) {
    TestKey rogue;
    ASSERT_TRUE(rogue.ok());
    expect_refused(rogue.sign(app_image("1.1", 1)), fs::OtaError::KeyNotTrusted);
}

TEST_F(OtaTest, UnsignedImageIsRefusedWhenSecureBootIsOn) {
    expect_refused(app_image("1.1", 1), fs::OtaError::Unsigned);
}

// No key burned: nothing could tell a genuine update from anyone's, so none is installed, and
// nothing is written before that is known.
TEST_F(OtaTest, WithoutAnUpdateKeyEveryUpdateIsRefusedAtOnce) {
    b.efuse.has_digest = false;
    fs::OtaWriter w(b.flash, b.efuse, b.running);
    auto r = w.begin();
    EXPECT_EQ(r.err().code, fs::OtaError::NoUpdateKey);
    EXPECT_EQ(r.err().reason, "no update key: burn one with fwtool efuse burn-key");
    EXPECT_EQ(b.flash.sector(kOta1 / 4096).erases, 0u) << "nothing is written";
    expect_refused(app_image("1.1", 1), fs::OtaError::NoUpdateKey);
    expect_refused(key.sign(app_image("1.1", 1)), fs::OtaError::NoUpdateKey);
    EXPECT_TRUE(b.log.contains("update refused: no update key: burn one with fwtool efuse burn-key"));
}

TEST_F(OtaTest, TheDevelopmentSwitchInstallsUnsignedUpdatesWhenNoKeyIsBurned) {
    b.efuse.has_digest = false;
    fs::OtaWriter w(b.flash, b.efuse, b.running, fs::UnsignedUpdates::Allowed);
    auto r = b.update(app_image("1.1", 1), 1000, &w);
    ASSERT_TRUE(r.ok()) << r.err().reason;
    EXPECT_TRUE(b.log.contains("installing the update without checking a signature"));
    EXPECT_EQ(b.boot(), "ota_1/1.1");
}

TEST_F(OtaTest, TheDevelopmentSwitchDoesNotWeakenABurnedKey) {
    TestKey rogue;
    ASSERT_TRUE(rogue.ok());
    for (auto [file, e] : {std::pair{app_image("1.1", 1), fs::OtaError::Unsigned},
                           std::pair{rogue.sign(app_image("1.1", 1)), fs::OtaError::KeyNotTrusted}}) {
        fs::OtaWriter w(b.flash, b.efuse, b.running, fs::UnsignedUpdates::Allowed);
        auto r = b.update(file, 1000, &w);
        EXPECT_FALSE(r.ok());
        EXPECT_EQ(r.err().code, e) << r.err().reason;
    }
    EXPECT_EQ(b.boot(), "ota_0/1.0");
}

TEST_F(OtaTest, TruncatedImageIsRefused) {
    auto f = key.sign(app_image("1.1", 1));
    f.resize(2000);
    expect_refused(f, fs::OtaError::Truncated);
}

TEST_F(OtaTest, ImageCutInsideTheSignatureSectorIsTruncated) {
    auto f = key.sign(app_image("1.1", 1));
    f.erase(f.end() - 4000, f.end());  // not resize(): GCC 12 -O1 sees a growth path and warns
    expect_refused(f, fs::OtaError::Truncated);
}

TEST_F(OtaTest, FewerBytesThanAnnouncedIsTruncated) {
    auto f = key.sign(app_image("1.1", 1));
    fs::OtaWriter w(b.flash, b.efuse, b.running);
    ASSERT_TRUE(w.begin(static_cast<uint32_t>(f.size())).ok());
    ASSERT_TRUE(w.write(f.data(), f.size() - 10).ok());
    auto r = w.end();
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.err().code, fs::OtaError::Truncated);
    EXPECT_EQ(r.err().reason,
              "image truncated: " + std::to_string(f.size() - 10) + " of " + std::to_string(f.size()) + " bytes");
}

TEST_F(OtaTest, MoreBytesThanAnnouncedIsRefusedAtOnce) {
    auto f = key.sign(app_image("1.1", 1));
    fs::OtaWriter w(b.flash, b.efuse, b.running);
    ASSERT_TRUE(w.begin(1000).ok());
    EXPECT_EQ(w.write(f.data(), 1001).err().code, fs::OtaError::SizeMismatch);
}

TEST_F(OtaTest, WrongProjectIsRefusedWithTheFirstChunk) {
    auto f = key.sign(app_image("1.1", 1, "otherfw"));
    fs::OtaWriter w(b.flash, b.efuse, b.running);
    ASSERT_TRUE(w.begin().ok());
    auto r = w.write(f.data(), 1000);
    EXPECT_EQ(r.err().code, fs::OtaError::WrongProject);
    EXPECT_EQ(r.err().reason, "wrong project name: 'otherfw' (running 'iotfw')");
    EXPECT_EQ(w.write(f.data() + 1000, 1000).err().code, fs::OtaError::WrongProject)
        << "a refused update stays refused";
    EXPECT_EQ(w.end().err().code, fs::OtaError::WrongProject);
    expect_refused(f, fs::OtaError::WrongProject);
}

TEST_F(OtaTest, BadHashIsRefused) {
    auto img = app_image("1.1", 1);
    img[img.size() - 5] ^= 0x01;  // inside the appended SHA-256
    expect_refused(key.sign(img), fs::OtaError::BadHash);
    auto img2 = app_image("1.1", 1);
    img2[1500] ^= 0x01;  // inside the executable: checksum and SHA-256 both wrong
    expect_refused(key.sign(img2), fs::OtaError::BadHash);
}

TEST_F(OtaTest, DownloadChecksumMismatchIsRefused) {
    auto f = key.sign(app_image("1.1", 1));
    uint8_t sum[32];
    mbedtls_sha256(f.data(), f.size(), sum, 0);
    fs::OtaWriter w(b.flash, b.efuse, b.running);
    ASSERT_TRUE(w.begin().ok());
    ASSERT_TRUE(w.write(f.data(), f.size()).ok());
    sum[0] ^= 1;
    auto r = w.end(sum);
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.err().code, fs::OtaError::ChecksumMismatch);
    sum[0] ^= 1;
    fs::OtaWriter ok(b.flash, b.efuse, b.running);
    ASSERT_TRUE(ok.begin().ok());
    ASSERT_TRUE(ok.write(f.data(), f.size()).ok());
    auto installed = ok.end(sum);
    EXPECT_TRUE(installed.ok()) << installed.err().reason;
}

TEST_F(OtaTest, SecureVersionBelowTheCounterIsRefused) {
    b.efuse.version = 2;
    fixtures::put(b.flash, kOta0, key.sign(app_image("1.0", 2)));
    ASSERT_EQ(b.boot(), "ota_0/1.0");
    expect_refused(key.sign(app_image("0.9", 1)), fs::OtaError::Downgrade);
}

TEST_F(OtaTest, SecureVersionAbove32IsRefusedWithTheFirstChunk) {
    auto f = key.sign(app_image("1.1", 33));
    fs::OtaWriter w(b.flash, b.efuse, b.running);
    ASSERT_TRUE(w.begin().ok());
    auto r = w.write(f.data(), 1000);
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.err().code, fs::OtaError::BadImage);
    EXPECT_EQ(r.err().reason,
              "malformed app image: secure_version above 32, the most the eFuse anti-rollback field holds");
    expect_refused(f, fs::OtaError::BadImage);
    EXPECT_EQ(b.efuse.version, 1u);
}

// The bootloader never runs such an image; if one ran anyway, confirming it must not ask the
// eFuse for a counter it cannot hold.
TEST_F(OtaTest, ConfirmNeverRaisesTheCounterAbove32) {
    fixtures::put(b.flash, kOta0, key.sign(app_image("1.0", 40)));
    EXPECT_EQ(b.confirm().err(), fw::Err::Refused);
    EXPECT_EQ(b.efuse.version, 1u);
    EXPECT_EQ(b.efuse.raise_secure_version(33), hal::Status::Io);
}

TEST_F(OtaTest, ImageLargerThanTheSlotIsRefusedAtOnce) {
    auto big = key.sign(app_image("1.1", 1, "iotfw", kSlotSize));
    ASSERT_GT(big.size(), kSlotSize);
    expect_refused(big, fs::OtaError::TooLarge, 64 * 1024);

    fs::OtaWriter announced(b.flash, b.efuse, b.running);
    EXPECT_EQ(announced.begin(static_cast<uint32_t>(big.size())).err().code, fs::OtaError::TooLarge);

    // Unannounced size: refused as soon as the segment headers show the image cannot fit.
    fs::OtaWriter w(b.flash, b.efuse, b.running);
    ASSERT_TRUE(w.begin().ok());
    EXPECT_EQ(w.write(big.data(), 4096).err().code, fs::OtaError::TooLarge);
    EXPECT_EQ(w.bytes_written(), 4096u);
}

TEST_F(OtaTest, DataBeyondTheSlotIsRefusedAtOnce) {
    std::vector<uint8_t> junk(kSlotSize + 1, 0xA5);
    auto img = key.sign(app_image("1.1", 1));
    std::copy(img.begin(), img.end(), junk.begin());  // a valid start, then too much
    fs::OtaWriter w(b.flash, b.efuse, b.running);
    ASSERT_TRUE(w.begin().ok());
    auto r = w.write(junk.data(), kSlotSize);
    ASSERT_TRUE(r.ok()) << r.err().reason;
    r = w.write(junk.data() + kSlotSize, 1);
    EXPECT_EQ(r.err().code, fs::OtaError::TooLarge);
    EXPECT_EQ(r.err().reason,
              "image larger than the slot: more than the " + std::to_string(kSlotSize) + " bytes of ota_1");
}

TEST_F(OtaTest, NotAnImageIsRefusedWithTheFirstChunk) {
    std::vector<uint8_t> junk(5000, 0x42);
    fs::OtaWriter w(b.flash, b.efuse, b.running);
    ASSERT_TRUE(w.begin().ok());
    EXPECT_EQ(w.write(junk.data(), 300).err().code, fs::OtaError::NotAnImage);
}

TEST_F(OtaTest, AShortErrorPageIsNotAnImageRatherThanTruncated) {
    const std::string page = "<HTML><BODY>Error opening 'app.img'</BODY></HTML>\r\n";
    fs::OtaWriter w(b.flash, b.efuse, b.running);
    ASSERT_TRUE(w.begin().ok());
    EXPECT_EQ(w.write(reinterpret_cast<const uint8_t*>(page.data()), page.size()).err().code, fs::OtaError::NotAnImage);
    EXPECT_EQ(w.end().err().code, fs::OtaError::NotAnImage);
}

TEST_F(OtaTest, AbortLeavesOtadataAlone) {
    auto before = b.otadata_bytes();
    auto f = key.sign(app_image("1.1", 1));
    fs::OtaWriter w(b.flash, b.efuse, b.running);
    ASSERT_TRUE(w.begin().ok());
    ASSERT_TRUE(w.write(f.data(), 5000).ok());
    w.abort();
    EXPECT_FALSE(w.in_progress());
    EXPECT_EQ(w.write(f.data(), 10).err().code, fs::OtaError::BadState);
    EXPECT_EQ(b.otadata_bytes(), before);
    EXPECT_EQ(b.boot(), "ota_0/1.0");
    auto r = b.update(f, 1000, &w);
    ASSERT_TRUE(r.ok()) << "the writer can start over: " << r.err().reason;
    EXPECT_EQ(b.boot(), "ota_1/1.1");
}

TEST_F(OtaTest, WriterErasesOnlyWhatTheImageNeeds) {
    auto f = key.sign(app_image("1.1", 1));
    ASSERT_TRUE(b.update(f, 333).ok());
    uint32_t first = kOta1 / 4096, used = static_cast<uint32_t>(f.size() + 4095) / 4096;
    for (uint32_t s = first; s < first + used; ++s) EXPECT_EQ(b.flash.sector(s).erases, 1u) << "sector " << s;
    EXPECT_EQ(b.flash.sector(first + used).erases, 0u);
}

TEST_F(OtaTest, ChunkBoundariesDoNotMatter) {
    auto f = key.sign(app_image("1.1", 1, "iotfw", 20000));
    for (size_t chunk : {1, 7, 24, 31, 32, 289, 4096, 65536}) {
        fs::OtaWriter w(b.flash, b.efuse, kOta0);
        auto r = b.update(f, chunk, &w);
        ASSERT_TRUE(r.ok()) << "chunk " << chunk << ": " << r.err().reason;
    }
}

}  // namespace
