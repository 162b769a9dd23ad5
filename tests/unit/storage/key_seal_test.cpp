// Sealing with the eFuse-derived key: round trip, and every way a blob must refuse to open.
#include "firmware/storage/key_seal.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "fake_hal/fake_hal.h"
#include "storage_test_util.h"

using fw::Err;
using storage_test::bytes_of;
namespace st = fw::storage;

namespace {

using Secret = uint8_t[st::kDeviceSecretLen];

bool contains(const std::vector<uint8_t>& hay, const std::vector<uint8_t>& needle) {
    return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

class KeySeal : public ::testing::Test {
protected:
    void SetUp() override {
        for (size_t i = 0; i < sizeof secret; ++i) secret[i] = static_cast<uint8_t>(i * 7 + 1);
        std::copy(std::begin(secret), std::end(secret), std::begin(other));
        other[31] ^= 0x01;
    }
    std::vector<uint8_t> seal(const std::string& purpose = "device.key") {
        auto r = st::seal(secret, purpose, plain, rng);
        EXPECT_TRUE(r.ok());
        return r.ok() ? r.value() : std::vector<uint8_t>{};
    }
    Secret secret{}, other{};
    fake::SeededRng rng;
    // A secret made here: a text marker and 64 random bytes (no real key is kept in the repository).
    std::vector<uint8_t> secret_part = [] {
        fake::SeededRng r(42);
        std::vector<uint8_t> v(64);
        r.fill(v.data(), v.size());
        return v;
    }();
    std::vector<uint8_t> plain = [this] {
        std::vector<uint8_t> v = bytes_of("sealed-secret:");
        v.insert(v.end(), secret_part.begin(), secret_part.end());
        return v;
    }();
};

TEST_F(KeySeal, RoundTripsAndHidesThePlaintext) {
    std::vector<uint8_t> blob = seal();
    EXPECT_EQ(blob.size(), st::kSealHeaderLen + plain.size());
    EXPECT_TRUE(st::is_sealed(blob));
    EXPECT_EQ(std::string(blob.begin(), blob.begin() + 4), "SEAL");
    EXPECT_FALSE(contains(blob, bytes_of("sealed-secret")));
    EXPECT_FALSE(contains(blob, std::vector<uint8_t>(secret_part.begin(), secret_part.begin() + 8)));
    auto back = st::unseal(secret, "device.key", blob);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back.value(), plain);
}

TEST_F(KeySeal, EachSealUsesAFreshNonce) {
    std::vector<uint8_t> a = seal(), b = seal();
    EXPECT_NE(a, b);
    EXPECT_TRUE(st::unseal(secret, "device.key", a).ok());
    EXPECT_TRUE(st::unseal(secret, "device.key", b).ok());
}

TEST_F(KeySeal, AnotherChipsSecretDoesNotOpenIt) {
    auto r = st::unseal(other, "device.key", seal());
    EXPECT_EQ(r.err(), Err::VerifyFailed);
}

TEST_F(KeySeal, ABlobSealedForAnotherPurposeIsRefused) {
    std::vector<uint8_t> blob = seal("claim.key");
    EXPECT_EQ(st::unseal(secret, "device.key", blob).err(), Err::VerifyFailed);
    EXPECT_EQ(st::unseal(secret, "device.kez", seal("device.key")).err(), Err::VerifyFailed);
    EXPECT_TRUE(st::unseal(secret, "claim.key", blob).ok());
}

TEST_F(KeySeal, AnyChangedByteIsDetected) {
    std::vector<uint8_t> blob = seal();
    for (size_t i = 0; i < blob.size(); ++i) {
        std::vector<uint8_t> bad = blob;
        bad[i] ^= 0x20;
        auto r = st::unseal(secret, "device.key", bad);
        EXPECT_FALSE(r.ok()) << "byte " << i;
    }
}

TEST_F(KeySeal, TruncatedOrForeignDataIsNotASealedBlob) {
    std::vector<uint8_t> blob = seal();
    std::vector<uint8_t> header_only(blob.begin(), blob.begin() + st::kSealHeaderLen - 1);
    EXPECT_EQ(st::unseal(secret, "device.key", header_only).err(), Err::Corrupt);
    EXPECT_EQ(st::unseal(secret, "device.key", plain).err(), Err::Corrupt);
    EXPECT_FALSE(st::is_sealed(plain));
    std::vector<uint8_t> shorter(blob.begin(), blob.end() - 1);
    EXPECT_EQ(st::unseal(secret, "device.key", shorter).err(), Err::VerifyFailed);
}

TEST_F(KeySeal, PurposeMustBeOneTo255Bytes) {
    EXPECT_EQ(st::seal(secret, "", plain, rng).err(), Err::InvalidArg);
    EXPECT_EQ(st::seal(secret, std::string(256, 'p'), plain, rng).err(), Err::InvalidArg);
    EXPECT_TRUE(st::seal(secret, std::string(255, 'p'), plain, rng).ok());
}

}  // namespace
