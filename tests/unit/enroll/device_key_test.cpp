// The device's own key and CSR: made from the HAL's RNG, stored sealed with the eFuse secret,
// loaded again on the next boot, never replaced when it exists but does not open.
#include "firmware/app/identity/device_key.h"

#include <gtest/gtest.h>
#include <mbedtls/asn1.h>
#include <mbedtls/ecp.h>
#include <mbedtls/md.h>
#include <mbedtls/oid.h>
#include <mbedtls/pk.h>
#include <mbedtls/x509_csr.h>

#include "fake_hal/fake_hal.h"
#include "firmware/app/identity/x509_info.h"
#include "firmware/core/crypto_init.h"
#include "firmware/storage/key_seal.h"

using fw::Err;
namespace app = fw::app;

namespace {

struct Fs {
    fake::MemFlash flash{16 * 4096};
    fw::storage::CertFs fs{fw::storage::FlashRegion(flash, 0, 16 * 4096)};
    Fs() { EXPECT_TRUE(fs.format().ok()); }
};

// The parsed CSR and its facts.
struct Csr {
    explicit Csr(const std::string& pem) {
        mbedtls_x509_csr_init(&csr);
        ok = mbedtls_x509_csr_parse(&csr, reinterpret_cast<const unsigned char*>(pem.c_str()), pem.size() + 1) == 0;
    }
    ~Csr() { mbedtls_x509_csr_free(&csr); }
    // The request's own signature verifies with the public key it carries (proof of possession).
    // (The signature is the BIT STRING after the request info and the algorithm in the DER.)
    bool self_signed() {
        unsigned char* p = csr.cri.p + csr.cri.len;
        const unsigned char* end = csr.raw.p + csr.raw.len;
        mbedtls_asn1_buf alg, params;
        size_t sig_len = 0;
        if (mbedtls_asn1_get_alg(&p, end, &alg, &params) != 0 ||
            mbedtls_asn1_get_bitstring_null(&p, end, &sig_len) != 0)
            return false;
        unsigned char hash[32];
        mbedtls_md(mbedtls_md_info_from_type(sig_md()), csr.cri.p, csr.cri.len, hash);
        return mbedtls_pk_verify(&csr.pk, sig_md(), hash, sizeof hash, p, sig_len) == 0;
    }
    mbedtls_md_type_t sig_md() const {
        mbedtls_md_type_t md = MBEDTLS_MD_NONE;
        mbedtls_pk_type_t pk = MBEDTLS_PK_NONE;
        mbedtls_oid_get_sig_alg(&csr.sig_oid, &md, &pk);
        return md;
    }
    mbedtls_x509_csr csr;
    bool ok = false;
};

struct Key {
    explicit Key(const std::string& pem) {
        mbedtls_pk_init(&pk);
        ok = mbedtls_pk_parse_key(&pk, reinterpret_cast<const unsigned char*>(pem.c_str()), pem.size() + 1, nullptr, 0,
                                  fw::psa_rng_callback, nullptr) == 0;
    }
    ~Key() { mbedtls_pk_free(&pk); }
    mbedtls_pk_context pk;
    bool ok = false;
};

TEST(DeviceKey, IsAFreshP256KeyFromTheRng) {
    fake::SeededRng rng(1), rng2(2);
    auto a = app::generate_p256_key(rng);
    auto b = app::generate_p256_key(rng2);
    ASSERT_TRUE(a.ok());
    ASSERT_TRUE(b.ok());
    EXPECT_NE(a.value(), b.value());
    Key k(a->str());
    ASSERT_TRUE(k.ok);
    ASSERT_EQ(mbedtls_pk_get_type(&k.pk), MBEDTLS_PK_ECKEY);
    EXPECT_EQ(mbedtls_ecp_keypair_get_group_id(mbedtls_pk_ec(k.pk)), MBEDTLS_ECP_DP_SECP256R1);
}

TEST(DeviceKey, CsrNamesTheDeviceAndIsSignedWithItsKey) {
    fake::SeededRng rng;
    auto key = app::generate_p256_key(rng);
    ASSERT_TRUE(key.ok());
    auto pem = app::make_csr(key->str(), "ESP32_A1B2C3", rng);
    ASSERT_TRUE(pem.ok());
    EXPECT_EQ(pem->rfind("-----BEGIN CERTIFICATE REQUEST-----", 0), 0u);
    Csr csr(pem.value());
    ASSERT_TRUE(csr.ok);
    EXPECT_EQ(app::x509_common_name(csr.csr.subject), "ESP32_A1B2C3");
    EXPECT_EQ(csr.sig_md(), MBEDTLS_MD_SHA256);
    EXPECT_TRUE(csr.self_signed());
    Key k(key->str());
    EXPECT_TRUE(app::same_public_key(csr.csr.pk, k.pk));
}

TEST(DeviceKey, CsrRefusesAKeyThatDoesNotParse) {
    fake::SeededRng rng;
    EXPECT_EQ(app::make_csr("not a key", "dev-1", rng).err(), Err::InvalidArg);
}

TEST(DeviceKey, FirstBootMakesAndSealsTheKeyLaterBootsLoadIt) {
    Fs f;
    fake::RamEfuse efuse;
    fake::SeededRng rng;
    auto first = app::load_or_create_device_key(f.fs, efuse, rng);
    ASSERT_TRUE(first.ok());
    EXPECT_TRUE(first->created);
    auto stored = f.fs.read(app::kDeviceKeyFile);
    ASSERT_TRUE(stored.ok());
    EXPECT_TRUE(fw::storage::is_sealed(stored.value()));
    std::string raw(stored->begin(), stored->end());
    EXPECT_EQ(raw.find("PRIVATE KEY"), std::string::npos);

    auto again = app::load_or_create_device_key(f.fs, efuse, rng);
    ASSERT_TRUE(again.ok());
    EXPECT_FALSE(again->created);
    EXPECT_EQ(again->pem, first->pem);
}

TEST(DeviceKey, AKeySealedByAnotherChipIsAnErrorAndIsKept) {
    Fs f;
    fake::RamEfuse efuse, other;
    other.secret[0] ^= 0xFF;
    fake::SeededRng rng;
    ASSERT_TRUE(app::load_or_create_device_key(f.fs, efuse, rng).ok());
    auto before = f.fs.read(app::kDeviceKeyFile);
    EXPECT_EQ(app::read_key_file(f.fs, other, app::kDeviceKeyFile).err(), Err::VerifyFailed);
    EXPECT_EQ(app::load_or_create_device_key(f.fs, other, rng).err(), Err::VerifyFailed);
    EXPECT_EQ(f.fs.read(app::kDeviceKeyFile).value(), before.value());
}

TEST(DeviceKey, APlaintextKeyFromManufacturingIsReadAsIs) {
    Fs f;
    fake::RamEfuse efuse;
    fake::SeededRng rng;
    auto pem = app::generate_p256_key(rng);
    ASSERT_TRUE(pem.ok());
    ASSERT_TRUE(f.fs.write(app::kClaimKeyFile, pem->data(), pem->size()).ok());
    auto read = app::read_key_file(f.fs, efuse, app::kClaimKeyFile);
    ASSERT_TRUE(read.ok());
    EXPECT_EQ(read.value(), pem.value());
    EXPECT_EQ(app::read_key_file(f.fs, efuse, app::kDeviceKeyFile).err(), Err::NotFound);
}

}  // namespace
