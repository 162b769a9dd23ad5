#pragma once
// Secure boot v2 (ECDSA P-256) signature block, laid out as ESP-IDF's ets_secure_boot_sig_block_t
// and written as espsecure.py sign_data --version 2 writes it. The image is padded with 0xFF to a
// 4 KiB boundary; the 4 KiB signature sector that follows holds one 1216-byte block, then 0xFF:
//     0  magic 0xE7   1  version 0x03 (ECDSA)   2  hash type 0 (SHA-256)   3  0
//     4  SHA-256 of the padded image (everything before the signature sector), 32 bytes
//    36  curve id (2 = P-256)   37  public key X || Y   101  signature r || s
//        (each number 32 bytes, little-endian: micro-ecc's native order, as espsecure writes it)
//   165  zeros up to 1196   1196  CRC-32 (zlib) of bytes 0..1195   1200  16 zero bytes
// The eFuse holds SHA-256 of bytes 36..100 (curve id + X || Y, 65 bytes): the public key material
// as it appears in the block, which is what espsecure digest_sbv2_public_key hashes.
#include <cstddef>
#include <cstdint>

#include "firmware/storage/flash_region.h"

namespace fw::storage {

constexpr uint32_t kSigSectorSize = 4096;
constexpr size_t kSigBlockSize = 1216;
constexpr uint8_t kSigBlockMagic = 0xE7;
constexpr uint8_t kSigVersionEcdsa = 0x03;
constexpr uint8_t kCurveP256 = 2;
constexpr size_t kSigKeyLen = 64;  // X || Y, or r || s

// Why a signature was refused, for the boot log, fwtool and OTA reports.
enum class SigError : uint8_t {
    None = 0,
    ReadFailed,
    NoBlock,         // no signature block after the image (unsigned image)
    BadCrc,          // block damaged
    Unsupported,     // version or curve other than ECDSA P-256
    KeyNotTrusted,   // the block's key is not the one whose digest the eFuse holds
    DigestMismatch,  // the image is not the one that was signed
    BadKey,          // the key is not a point on P-256
    BadSignature,    // ECDSA check failed
};
const char* name_of(SigError e);

// Where the signature sector of an image of `image_len` bytes starts.
constexpr uint32_t signature_offset(uint32_t image_len) {
    return (image_len + kSigSectorSize - 1) / kSigSectorSize * kSigSectorSize;
}

// The variable fields of a block; key and sig are stored little-endian, as in flash.
struct SigBlock {
    uint8_t image_digest[32] = {};
    uint8_t curve_id = kCurveP256;
    uint8_t key[kSigKeyLen] = {};
    uint8_t sig[kSigKeyLen] = {};
};

void encode_sig_block(const SigBlock& b, uint8_t out[kSigBlockSize]);
// Checks magic, version, CRC and curve; fills `out` on success.
SigError decode_sig_block(const uint8_t in[kSigBlockSize], SigBlock& out);
// SHA-256 over curve id + X || Y: the value burned into the eFuse.
void public_key_digest(const SigBlock& b, uint8_t out[32]);

// Checks the signature sector after the image of `image_len` bytes at the start of `region`:
// block format, the trusted key (nullptr accepts the block's own key: for tools that only
// report), the digest of the padded image, and the ECDSA signature. `block` receives the block.
SigError verify_signature(const FlashRegion& region, uint32_t image_len, const uint8_t* trusted_key_digest,
                          SigBlock* block = nullptr);

}  // namespace fw::storage
