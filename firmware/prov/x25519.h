#pragma once
// X25519 (RFC 7748) on mbedtls' Curve25519. Scalars, public keys and shared secrets are in RFC
// byte order (little-endian), which is what ESP-IDF's security 1 puts on the wire (it flips
// mbedtls' big-endian output) and what esp_prov's Python `cryptography` expects.
#include <cstddef>
#include <cstdint>

#include "firmware/core/result.h"
#include "hal/rng.h"

namespace fw::prov {

constexpr size_t kX25519Len = 32;

// out = X25519(scalar, u). The scalar is clamped as RFC 7748 says; `blind` randomizes the ladder.
// Fails (VerifyFailed) for a low-order peer point, whose result would be a known value.
Status x25519(const uint8_t scalar[kX25519Len], const uint8_t u[kX25519Len], uint8_t out[kX25519Len], hal::Rng& blind);
// The public key of `priv`: X25519(priv, 9).
Status x25519_public(const uint8_t priv[kX25519Len], uint8_t pub[kX25519Len], hal::Rng& blind);

}  // namespace fw::prov
