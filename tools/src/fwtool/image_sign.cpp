#include "image_sign.h"

#include <mbedtls/ecdsa.h>
#include <mbedtls/sha256.h>

#include <algorithm>
#include <cstdio>

#include "firmware/core/crypto_init.h"

namespace fwtool {
namespace fs = fw::storage;

namespace {

uint32_t whole_sectors(size_t n) {
    size_t s = (n + hal::Flash::kSectorSize - 1) / hal::Flash::kSectorSize * hal::Flash::kSectorSize;
    return static_cast<uint32_t>(std::max<size_t>(s, hal::Flash::kSectorSize));
}

std::string mbedtls_error(const char* what, int rc) {
    char hex[16];
    std::snprintf(hex, sizeof hex, "-0x%04x", static_cast<unsigned>(-rc));
    return std::string(what) + " failed (mbedtls " + hex + ")";
}

}  // namespace

bool EcKey::load(const std::string& path, std::string& error) {
    private_ = mbedtls_pk_parse_keyfile(pk_.get(), path.c_str(), nullptr, fw::psa_rng_callback, nullptr) == 0;
    if (!private_) {
        pk_.reset();
        if (mbedtls_pk_parse_public_keyfile(pk_.get(), path.c_str()) != 0) {
            error = path + ": not a PEM/DER private or public key";
            return false;
        }
    }
    if (!mbedtls_pk_can_do(pk_.get(), MBEDTLS_PK_ECKEY) ||
        mbedtls_ecp_keypair_get_group_id(&ec()) != MBEDTLS_ECP_DP_SECP256R1) {
        error = path + ": not an EC P-256 (prime256v1) key: secure boot v2 ECDSA needs one";
        return false;
    }
    return true;
}

void set_block_key(const mbedtls_ecp_keypair& key, fs::SigBlock& b) {
    b.curve_id = fs::kCurveP256;
    uint8_t point[fs::kSec1PointLen];
    size_t len = 0;
    if (mbedtls_ecp_write_public_key(&key, MBEDTLS_ECP_PF_UNCOMPRESSED, &len, point, sizeof point) == 0 &&
        len == sizeof point)
        fs::point_to_block_key(point, b.key);
}

void key_digest(const mbedtls_ecp_keypair& key, uint8_t out[32]) {
    fs::SigBlock b;
    set_block_key(key, b);
    fs::public_key_digest(b, out);
}

bool sign_image(const std::vector<uint8_t>& image, uint32_t image_len, mbedtls_ecp_keypair& key,
                std::vector<uint8_t>& out, std::string& error) {
    if (image_len > image.size()) {
        error = "image shorter than its header says";
        return false;
    }
    out.assign(image.begin(), image.begin() + image_len);
    out.resize(fs::signature_offset(image_len), 0xFF);
    fs::SigBlock b;
    mbedtls_sha256(out.data(), out.size(), b.image_digest, 0);
    set_block_key(key, b);

    // RFC 6979 makes the signature itself deterministic; the RNG only blinds the computation.
    mbedtls_ecp_group grp;
    mbedtls_mpi d, r, s;
    mbedtls_ecp_point q;
    mbedtls_ecp_group_init(&grp);
    mbedtls_ecp_point_init(&q);
    mbedtls_mpi_init(&d);
    mbedtls_mpi_init(&r);
    mbedtls_mpi_init(&s);
    int rc = mbedtls_ecp_export(&key, &grp, &d, &q);
    if (rc == 0)
        rc = mbedtls_ecdsa_sign_det_ext(&grp, &r, &s, &d, b.image_digest, sizeof b.image_digest, MBEDTLS_MD_SHA256,
                                        fw::psa_rng_callback, nullptr);
    if (rc == 0) rc = mbedtls_mpi_write_binary_le(&r, b.sig, 32);
    if (rc == 0) rc = mbedtls_mpi_write_binary_le(&s, b.sig + 32, 32);
    mbedtls_mpi_free(&s);
    mbedtls_mpi_free(&r);
    mbedtls_mpi_free(&d);
    mbedtls_ecp_point_free(&q);
    mbedtls_ecp_group_free(&grp);
    if (rc != 0) {
        error = mbedtls_error("ECDSA signing", rc);
        return false;
    }
    uint8_t block[fs::kSigBlockSize];
    fs::encode_sig_block(b, block);
    out.insert(out.end(), block, block + sizeof block);
    out.resize(out.size() - sizeof block + fs::kSigSectorSize, 0xFF);
    return true;
}

FileFlash::FileFlash(const std::vector<uint8_t>& bytes)
    : mem(whole_sectors(bytes.size())), size(static_cast<uint32_t>(bytes.size())) {
    std::copy(bytes.begin(), bytes.end(), mem.bytes().begin());
}

}  // namespace fwtool
