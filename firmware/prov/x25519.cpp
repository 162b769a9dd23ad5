#include "firmware/prov/x25519.h"

#include <mbedtls/bignum.h>
#include <mbedtls/ecp.h>
#include <mbedtls/platform_util.h>

#include <cstring>

#include "firmware/core/rng_callback.h"

namespace fw::prov {
namespace {

// RAII for the mbedtls objects of one scalar multiplication.
struct Ladder {
    mbedtls_ecp_group grp;
    mbedtls_mpi d;
    mbedtls_ecp_point p, r;
    Ladder() {
        mbedtls_ecp_group_init(&grp);
        mbedtls_mpi_init(&d);
        mbedtls_ecp_point_init(&p);
        mbedtls_ecp_point_init(&r);
    }
    ~Ladder() {
        mbedtls_ecp_point_free(&r);
        mbedtls_ecp_point_free(&p);
        mbedtls_mpi_free(&d);
        mbedtls_ecp_group_free(&grp);
    }
    Ladder(const Ladder&) = delete;
    Ladder& operator=(const Ladder&) = delete;
};

}  // namespace

Status x25519(const uint8_t scalar[kX25519Len], const uint8_t u[kX25519Len], uint8_t out[kX25519Len], hal::Rng& blind) {
    uint8_t k[kX25519Len];
    uint8_t x[kX25519Len];
    std::memcpy(k, scalar, kX25519Len);
    std::memcpy(x, u, kX25519Len);
    k[0] &= 248;
    k[31] = static_cast<uint8_t>((k[31] & 127) | 64);
    x[31] &= 127;  // RFC 7748: the top bit of a u-coordinate is ignored

    Ladder l;
    int rc = mbedtls_ecp_group_load(&l.grp, MBEDTLS_ECP_DP_CURVE25519);
    if (rc == 0) rc = mbedtls_mpi_read_binary_le(&l.d, k, kX25519Len);
    // Montgomery points are read and written as the little-endian u-coordinate alone.
    if (rc == 0) rc = mbedtls_ecp_point_read_binary(&l.grp, &l.p, x, kX25519Len);
    mbedtls_platform_zeroize(k, sizeof k);
    if (rc != 0) return Err::NoMem;
    // ecp_mul checks the point too: low-order points (shared secret known to anyone) are refused.
    if (mbedtls_ecp_mul(&l.grp, &l.r, &l.d, &l.p, rng_callback, &blind) != 0) return Err::VerifyFailed;
    size_t olen = 0;
    if (mbedtls_ecp_point_write_binary(&l.grp, &l.r, MBEDTLS_ECP_PF_UNCOMPRESSED, &olen, out, kX25519Len) != 0 ||
        olen != kX25519Len)
        return Err::NoMem;
    return ok_status();
}

Status x25519_public(const uint8_t priv[kX25519Len], uint8_t pub[kX25519Len], hal::Rng& blind) {
    static constexpr uint8_t kBase[kX25519Len] = {9};
    return x25519(priv, kBase, pub, blind);
}

}  // namespace fw::prov
