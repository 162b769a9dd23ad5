#include "firmware/storage/secure_boot.h"

#include <mbedtls/ecdsa.h>
#include <mbedtls/sha256.h>

#include <algorithm>
#include <cstring>

#include "firmware/core/bytes.h"
#include "firmware/core/crc32.h"
#include "firmware/core/enum_names.h"

namespace fw::storage {
namespace {

constexpr size_t kOffDigest = 4, kOffCurve = 36, kOffKey = 37, kOffSig = 101, kOffCrc = 1196;

// Q and (r, s) from the block's little-endian numbers; ECDSA over the image digest (prehashed).
SigError check_ecdsa(const SigBlock& b) {
    mbedtls_ecp_group grp;
    mbedtls_ecp_point q;
    mbedtls_mpi r, s;
    mbedtls_ecp_group_init(&grp);
    mbedtls_ecp_point_init(&q);
    mbedtls_mpi_init(&r);
    mbedtls_mpi_init(&s);
    SigError result = SigError::BadKey;
    if (mbedtls_ecp_group_load(&grp, MBEDTLS_ECP_DP_SECP256R1) == 0 &&
        mbedtls_mpi_read_binary_le(&q.X, b.key, 32) == 0 && mbedtls_mpi_read_binary_le(&q.Y, b.key + 32, 32) == 0 &&
        mbedtls_mpi_lset(&q.Z, 1) == 0 && mbedtls_ecp_check_pubkey(&grp, &q) == 0) {
        result = SigError::BadSignature;
        if (mbedtls_mpi_read_binary_le(&r, b.sig, 32) == 0 && mbedtls_mpi_read_binary_le(&s, b.sig + 32, 32) == 0 &&
            mbedtls_ecdsa_verify(&grp, b.image_digest, sizeof b.image_digest, &q, &r, &s) == 0)
            result = SigError::None;
    }
    mbedtls_mpi_free(&s);
    mbedtls_mpi_free(&r);
    mbedtls_ecp_point_free(&q);
    mbedtls_ecp_group_free(&grp);
    return result;
}

// SHA-256 of region[0, len), streamed so that no image is ever held in RAM.
bool hash_region(const FlashRegion& region, uint32_t len, uint8_t out[32]) {
    mbedtls_sha256_context sha;
    mbedtls_sha256_init(&sha);
    mbedtls_sha256_starts_ret(&sha, 0);
    uint8_t buf[512];
    bool ok = true;
    for (uint32_t done = 0; ok && done < len;) {
        uint32_t n = std::min<uint32_t>(sizeof buf, len - done);
        ok = region.read(done, buf, n).ok();
        mbedtls_sha256_update_ret(&sha, buf, n);
        done += n;
    }
    mbedtls_sha256_finish_ret(&sha, out);
    mbedtls_sha256_free(&sha);
    return ok;
}

}  // namespace

constexpr fw::EnumName<SigError> kSigErrorNames[] = {
    {SigError::None, "ok"},
    {SigError::ReadFailed, "flash read failed"},
    {SigError::NoBlock, "no signature block"},
    {SigError::BadCrc, "bad CRC"},
    {SigError::Unsupported, "unsupported signature scheme"},
    {SigError::KeyNotTrusted, "key not trusted"},
    {SigError::DigestMismatch, "digest mismatch"},
    {SigError::BadKey, "bad public key"},
    {SigError::BadSignature, "bad signature"},
};

const char* name_of(SigError e) { return fw::name_in(kSigErrorNames, e); }

void encode_sig_block(const SigBlock& b, uint8_t out[kSigBlockSize]) {
    std::memset(out, 0, kSigBlockSize);
    out[0] = kSigBlockMagic;
    out[1] = kSigVersionEcdsa;
    std::memcpy(out + kOffDigest, b.image_digest, sizeof b.image_digest);
    out[kOffCurve] = b.curve_id;
    std::memcpy(out + kOffKey, b.key, sizeof b.key);
    std::memcpy(out + kOffSig, b.sig, sizeof b.sig);
    put_le32(out + kOffCrc, crc32(out, kOffCrc));
}

SigError decode_sig_block(const uint8_t in[kSigBlockSize], SigBlock& out) {
    if (in[0] != kSigBlockMagic) return SigError::NoBlock;
    if (get_le32(in + kOffCrc) != crc32(in, kOffCrc)) return SigError::BadCrc;
    // Byte 2 is the hash type: 0 = SHA-256, the only one P-256 blocks use.
    if (in[1] != kSigVersionEcdsa || in[2] != 0 || in[kOffCurve] != kCurveP256) return SigError::Unsupported;
    std::memcpy(out.image_digest, in + kOffDigest, sizeof out.image_digest);
    out.curve_id = in[kOffCurve];
    std::memcpy(out.key, in + kOffKey, sizeof out.key);
    std::memcpy(out.sig, in + kOffSig, sizeof out.sig);
    return SigError::None;
}

void public_key_digest(const SigBlock& b, uint8_t out[32]) {
    uint8_t material[1 + kSigKeyLen];
    material[0] = b.curve_id;
    std::memcpy(material + 1, b.key, kSigKeyLen);
    mbedtls_sha256_ret(material, sizeof material, out, 0);
}

SigError verify_signature(const FlashRegion& region, uint32_t image_len, const uint8_t* trusted_key_digest,
                          SigBlock* block) {
    uint32_t sig_at = signature_offset(image_len);
    if (sig_at < image_len || sig_at > region.size() || region.size() - sig_at < kSigBlockSize)
        return SigError::NoBlock;
    uint8_t raw[kSigBlockSize];
    if (!region.read(sig_at, raw, sizeof raw).ok()) return SigError::ReadFailed;
    SigBlock b;
    SigError e = decode_sig_block(raw, b);
    if (e != SigError::None) return e;
    if (block != nullptr) *block = b;
    if (trusted_key_digest != nullptr) {
        uint8_t digest[32];
        public_key_digest(b, digest);
        if (!equal_ct(digest, trusted_key_digest, sizeof digest)) return SigError::KeyNotTrusted;
    }
    uint8_t image_digest[32];
    if (!hash_region(region, sig_at, image_digest)) return SigError::ReadFailed;
    if (!equal_ct(image_digest, b.image_digest, sizeof image_digest)) return SigError::DigestMismatch;
    return check_ecdsa(b);
}

}  // namespace fw::storage
