#include "firmware/storage/secure_boot.h"

#include <gtest/gtest.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/sha256.h>

#include <algorithm>

#include "firmware/core/bytes.h"
#include "firmware/core/crc32.h"
#include "ota_fixtures.h"

namespace {

using namespace ota;

// A signed image in a RAM flash, checked the way the bootloader does.
struct Signed {
    std::vector<uint8_t> image = app_image("1.1");
    std::vector<uint8_t> file;
    hal_posix::MemFlash flash{1 << 20};

    explicit Signed(TestKey& key) : file(key.sign(image)) { load(); }
    void load() { std::copy(file.begin(), file.end(), flash.bytes().begin()); }
    uint32_t sig_at() const { return fs::signature_offset(static_cast<uint32_t>(image.size())); }
    fs::SigError verify(const std::vector<uint8_t>& trusted) {
        load();
        fs::FlashRegion region(flash, 0, static_cast<uint32_t>(file.size()));
        return fs::verify_signature(region, static_cast<uint32_t>(image.size()), trusted.data());
    }
    // Edits the block and recomputes its CRC, as an attacker who knows the format would.
    void forge(size_t offset, uint8_t x) {
        file[sig_at() + offset] ^= x;
        fw::put_le32(file.data() + sig_at() + 1196, fw::crc32(file.data() + sig_at(), 1196));
    }
};

std::vector<uint8_t> reversed(const uint8_t* p, size_t n) {
    return std::vector<uint8_t>(std::reverse_iterator(p + n), std::reverse_iterator(p));
}

TEST(SecureBoot, SignedFileLayoutFollowsEspIdf) {
    TestKey key;
    ASSERT_TRUE(key.ok());
    Signed s(key);
    const auto& f = s.file;
    uint32_t at = s.sig_at();
    ASSERT_EQ(at % 4096, 0u);
    ASSERT_EQ(f.size(), at + 4096u);
    EXPECT_TRUE(std::equal(s.image.begin(), s.image.end(), f.begin()));
    EXPECT_TRUE(fw::all_ff(f.data() + s.image.size(), at - s.image.size())) << "image padded with 0xFF";
    const uint8_t* b = f.data() + at;
    EXPECT_EQ(b[0], 0xE7);
    EXPECT_EQ(b[1], 0x03);
    EXPECT_EQ(b[2], 0x00);
    EXPECT_EQ(b[3], 0x00);
    uint8_t digest[32];
    mbedtls_sha256(f.data(), at, digest, 0);
    EXPECT_TRUE(std::equal(digest, digest + 32, b + 4)) << "digest covers the padded image";
    EXPECT_EQ(b[36], 2) << "curve P-256";
    EXPECT_TRUE(std::all_of(b + 165, b + 1196, [](uint8_t v) { return v == 0; }));
    EXPECT_EQ(fw::get_le32(b + 1196), fw::crc32(b, 1196));
    EXPECT_TRUE(std::all_of(b + 1200, b + 1216, [](uint8_t v) { return v == 0; }));
    EXPECT_TRUE(fw::all_ff(b + 1216, 4096 - 1216));
}

// Independent of secure_boot.cpp: the key and (r, s) are little-endian numbers, and the eFuse
// digest is SHA-256(curve id || X || Y), as espsecure.py writes and hashes them.
TEST(SecureBoot, KeyAndSignatureAreLittleEndianAsEspsecureWritesThem) {
    TestKey key;
    ASSERT_TRUE(key.ok());
    Signed s(key);
    const uint8_t* b = s.file.data() + s.sig_at();
    uint8_t point[65];  // 0x04 || X || Y, big-endian
    size_t point_len = 0;
    ASSERT_EQ(
        mbedtls_ecp_write_public_key(&key.keypair(), MBEDTLS_ECP_PF_UNCOMPRESSED, &point_len, point, sizeof point), 0);
    ASSERT_EQ(point_len, sizeof point);
    EXPECT_EQ(reversed(b + 37, 32), std::vector<uint8_t>(point + 1, point + 33));
    EXPECT_EQ(reversed(b + 69, 32), std::vector<uint8_t>(point + 33, point + 65));

    uint8_t material[65];
    material[0] = 2;
    std::copy(b + 37, b + 101, material + 1);
    uint8_t d[32];
    mbedtls_sha256(material, sizeof material, d, 0);
    EXPECT_EQ(std::vector<uint8_t>(d, d + 32), key.digest());

    auto r_be = reversed(b + 101, 32), s_be = reversed(b + 133, 32);
    mbedtls_ecp_group grp;
    mbedtls_ecp_point q;
    mbedtls_mpi r, sv;
    mbedtls_ecp_group_init(&grp);
    mbedtls_ecp_point_init(&q);
    mbedtls_mpi_init(&r);
    mbedtls_mpi_init(&sv);
    EXPECT_EQ(mbedtls_ecp_group_load(&grp, MBEDTLS_ECP_DP_SECP256R1), 0);
    EXPECT_EQ(mbedtls_ecp_point_read_binary(&grp, &q, point, sizeof point), 0);
    EXPECT_EQ(mbedtls_mpi_read_binary(&r, r_be.data(), 32), 0);
    EXPECT_EQ(mbedtls_mpi_read_binary(&sv, s_be.data(), 32), 0);
    EXPECT_EQ(mbedtls_ecdsa_verify(&grp, b + 4, 32, &q, &r, &sv), 0);
    mbedtls_mpi_free(&sv);
    mbedtls_mpi_free(&r);
    mbedtls_ecp_point_free(&q);
    mbedtls_ecp_group_free(&grp);
}

TEST(SecureBoot, RoundTripVerifies) {
    TestKey key;
    ASSERT_TRUE(key.ok());
    Signed s(key);
    EXPECT_EQ(s.verify(key.digest()), fs::SigError::None);
}

TEST(SecureBoot, SigningIsDeterministic) {
    TestKey key;
    ASSERT_TRUE(key.ok());
    auto img = app_image("1.1");
    EXPECT_EQ(key.sign(img), key.sign(img));
}

TEST(SecureBoot, UnsignedImageHasNoBlock) {
    TestKey key;
    ASSERT_TRUE(key.ok());
    Signed s(key);
    s.file = s.image;
    s.file.resize(s.image.size() + 8192, 0xFF);
    EXPECT_EQ(s.verify(key.digest()), fs::SigError::NoBlock);
}

TEST(SecureBoot, RegionEndingInsideTheBlockHasNoBlock) {
    TestKey key;
    ASSERT_TRUE(key.ok());
    Signed s(key);
    s.file.resize(s.sig_at() + 1000);
    EXPECT_EQ(s.verify(key.digest()), fs::SigError::NoBlock);
}

TEST(SecureBoot, OtherKeyIsNotTrusted) {
    TestKey key, other;
    ASSERT_TRUE(key.ok() && other.ok());
    Signed s(other);
    EXPECT_EQ(s.verify(key.digest()), fs::SigError::KeyNotTrusted);
}

TEST(SecureBoot, FlippedImageByteIsDigestMismatch) {
    TestKey key;
    ASSERT_TRUE(key.ok());
    Signed s(key);
    s.file[100] ^= 0x01;
    EXPECT_EQ(s.verify(key.digest()), fs::SigError::DigestMismatch);
}

TEST(SecureBoot, FlippedPaddingByteIsDigestMismatch) {
    TestKey key;
    ASSERT_TRUE(key.ok());
    Signed s(key);
    ASSERT_LT(s.image.size(), s.sig_at());
    s.file[s.sig_at() - 1] ^= 0x80;
    EXPECT_EQ(s.verify(key.digest()), fs::SigError::DigestMismatch);
}

TEST(SecureBoot, DamagedBlockIsBadCrc) {
    TestKey key;
    ASSERT_TRUE(key.ok());
    Signed s(key);
    s.file[s.sig_at() + 120] ^= 0x01;
    EXPECT_EQ(s.verify(key.digest()), fs::SigError::BadCrc);
}

TEST(SecureBoot, ForgedSignatureIsBadSignature) {
    TestKey key;
    ASSERT_TRUE(key.ok());
    Signed s(key);
    s.forge(101 + 5, 0x01);  // inside r
    EXPECT_EQ(s.verify(key.digest()), fs::SigError::BadSignature);
}

TEST(SecureBoot, ForgedDigestOfATamperedImageIsBadSignature) {
    TestKey key;
    ASSERT_TRUE(key.ok());
    Signed s(key);
    s.file[100] ^= 0x01;
    uint8_t d[32];
    mbedtls_sha256(s.file.data(), s.sig_at(), d, 0);
    for (size_t i = 0; i < 32; ++i) s.forge(4 + i, static_cast<uint8_t>(s.file[s.sig_at() + 4 + i] ^ d[i]));
    EXPECT_EQ(s.verify(key.digest()), fs::SigError::BadSignature);
}

TEST(SecureBoot, OtherSchemesAreUnsupported) {
    TestKey key;
    ASSERT_TRUE(key.ok());
    Signed s(key);
    s.forge(1, 0x03 ^ 0x02);  // version 0x02: RSA-PSS
    EXPECT_EQ(s.verify(key.digest()), fs::SigError::Unsupported);
}

TEST(SecureBoot, PointOffTheCurveIsBadKey) {
    TestKey key;
    ASSERT_TRUE(key.ok());
    Signed s(key);
    s.forge(37, 0x01);  // X changes, Y does not: no longer on P-256
    fs::SigBlock b;
    ASSERT_EQ(fs::decode_sig_block(s.file.data() + s.sig_at(), b), fs::SigError::None);
    std::vector<uint8_t> d(32);
    fs::public_key_digest(b, d.data());
    EXPECT_EQ(s.verify(d), fs::SigError::BadKey);
}

TEST(SecureBoot, ErrorsHaveNames) {
    EXPECT_STREQ(fs::name_of(fs::SigError::NoBlock), "no signature block");
    EXPECT_STREQ(fs::name_of(fs::SigError::BadCrc), "bad CRC");
    EXPECT_STREQ(fs::name_of(fs::SigError::KeyNotTrusted), "key not trusted");
    EXPECT_STREQ(fs::name_of(fs::SigError::BadSignature), "bad signature");
    EXPECT_STREQ(fs::name_of(fs::SigError::DigestMismatch), "digest mismatch");
}

}  // namespace
