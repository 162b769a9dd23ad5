#pragma once
// Secure boot v2 signing on the host, as espsecure.py sign_data --version 2 does it with an ECDSA
// P-256 key: the image is padded with 0xFF to a 4 KiB boundary and one signature sector (see
// firmware/storage/secure_boot.h) is appended. Shared by `fwtool image sign|verify`, `fwtool
// efuse burn-key` and the tests, which sign with keys they generate.
#include <mbedtls/pk.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "firmware/net/tls/x509_contexts.h"
#include "firmware/storage/secure_boot.h"
#include "hal_posix/nor_flash.h"

namespace fwtool {

// An EC P-256 key loaded from a PEM or DER file: private, or public only.
class EcKey {
public:
    bool load(const std::string& path, std::string& error);
    bool has_private() const { return private_; }
    mbedtls_ecp_keypair& ec() { return *mbedtls_pk_ec(*pk_); }

private:
    fw::net::PkContext pk_;
    bool private_ = false;
};

// The block's curve id and X || Y (little-endian) for `key`.
void set_block_key(const mbedtls_ecp_keypair& key, fw::storage::SigBlock& b);
// What the eFuse holds for `key`: SHA-256 of curve id + X || Y.
void key_digest(const mbedtls_ecp_keypair& key, uint8_t out[32]);

// image[0, image_len) + 0xFF padding to 4 KiB + the signature sector, signed with the private
// `key` (deterministic ECDSA, RFC 6979, so that a build signs reproducibly).
bool sign_image(const std::vector<uint8_t>& image, uint32_t image_len, mbedtls_ecp_keypair& key,
                std::vector<uint8_t>& out, std::string& error);

// A file's bytes in a RAM flash, so that the firmware's own readers check them.
struct FileFlash {
    explicit FileFlash(const std::vector<uint8_t>& bytes);
    fw::storage::FlashRegion region() { return fw::storage::FlashRegion(mem, 0, size); }

    hal_posix::MemFlash mem;
    uint32_t size;
};

}  // namespace fwtool
