#include "firmware/storage/key_seal.h"

#include <mbedtls/gcm.h>
#include <mbedtls/hkdf.h>
#include <mbedtls/md.h>
#include <mbedtls/platform_util.h>

#include <cstring>

namespace fw::storage {
namespace {

constexpr uint8_t kMagic[4] = {'S', 'E', 'A', 'L'};
constexpr uint8_t kVersion = 1;
constexpr size_t kNonceLen = 12, kTagLen = 16;
constexpr size_t kNonceAt = 8, kTagAt = kNonceAt + kNonceLen;
constexpr char kSalt[] = "iotfw seal v1";

// One AES-256-GCM context keyed for `purpose`, wiped when done.
class SealKey {
public:
    SealKey(const uint8_t (&secret)[kDeviceSecretLen], std::string_view purpose) {
        mbedtls_gcm_init(&gcm_);
        uint8_t key[32];
        const mbedtls_md_info_t* md = mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);
        ok_ = mbedtls_hkdf(md, reinterpret_cast<const uint8_t*>(kSalt), sizeof kSalt - 1, secret, kDeviceSecretLen,
                           reinterpret_cast<const uint8_t*>(purpose.data()), purpose.size(), key, sizeof key) == 0 &&
              mbedtls_gcm_setkey(&gcm_, MBEDTLS_CIPHER_ID_AES, key, 256) == 0;
        mbedtls_platform_zeroize(key, sizeof key);
    }
    ~SealKey() { mbedtls_gcm_free(&gcm_); }
    SealKey(const SealKey&) = delete;
    SealKey& operator=(const SealKey&) = delete;
    bool ok() const { return ok_; }
    mbedtls_gcm_context* gcm() { return &gcm_; }

private:
    mbedtls_gcm_context gcm_;
    bool ok_ = false;
};

// What GCM authenticates besides the ciphertext: the header up to the nonce, and the purpose.
std::vector<uint8_t> associated_data(const uint8_t* header, std::string_view purpose) {
    std::vector<uint8_t> ad(kNonceAt + purpose.size());
    std::memcpy(ad.data(), header, kNonceAt);
    std::memcpy(ad.data() + kNonceAt, purpose.data(), purpose.size());
    return ad;
}

bool valid_purpose(std::string_view purpose) { return !purpose.empty() && purpose.size() <= 255; }

}  // namespace

bool is_sealed(std::span<const uint8_t> blob) {
    return blob.size() >= kSealHeaderLen && std::memcmp(blob.data(), kMagic, sizeof kMagic) == 0 && blob[4] == kVersion;
}

Result<std::vector<uint8_t>> seal(const uint8_t (&secret)[kDeviceSecretLen], std::string_view purpose,
                                  std::span<const uint8_t> plaintext, hal::Rng& rng) {
    if (!valid_purpose(purpose)) return Err::InvalidArg;
    SealKey key(secret, purpose);
    if (!key.ok()) return Err::NoMem;
    std::vector<uint8_t> out(kSealHeaderLen + plaintext.size());
    std::memcpy(out.data(), kMagic, sizeof kMagic);
    out[4] = kVersion;
    out[5] = static_cast<uint8_t>(purpose.size());
    rng.fill(out.data() + kNonceAt, kNonceLen);  // 96 random bits: a repeat is out of reach at a few writes per life
    std::vector<uint8_t> ad = associated_data(out.data(), purpose);
    if (mbedtls_gcm_crypt_and_tag(key.gcm(), MBEDTLS_GCM_ENCRYPT, plaintext.size(), out.data() + kNonceAt, kNonceLen,
                                  ad.data(), ad.size(), plaintext.data(), out.data() + kSealHeaderLen, kTagLen,
                                  out.data() + kTagAt) != 0)
        return Err::NoMem;
    return out;
}

Result<std::vector<uint8_t>> unseal(const uint8_t (&secret)[kDeviceSecretLen], std::string_view purpose,
                                    std::span<const uint8_t> blob) {
    if (!is_sealed(blob)) return Err::Corrupt;
    if (!valid_purpose(purpose) || blob[5] != purpose.size()) return Err::VerifyFailed;
    SealKey key(secret, purpose);
    if (!key.ok()) return Err::NoMem;
    std::vector<uint8_t> out(blob.size() - kSealHeaderLen);
    std::vector<uint8_t> ad = associated_data(blob.data(), purpose);
    if (mbedtls_gcm_auth_decrypt(key.gcm(), out.size(), blob.data() + kNonceAt, kNonceLen, ad.data(), ad.size(),
                                 blob.data() + kTagAt, kTagLen, blob.data() + kSealHeaderLen, out.data()) != 0) {
        mbedtls_platform_zeroize(out.data(), out.size());
        return Err::VerifyFailed;
    }
    return out;
}

}  // namespace fw::storage
