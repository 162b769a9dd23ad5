#pragma once
// mbedtls 3.6's PSA Crypto core: TLS 1.3 runs on it, and its random generator (seeded from the
// platform's entropy source, mbedtls_hardware_poll, which reads the chip's RNG) blinds the
// private-key checks that have no hal::Rng at hand.
#include <cstddef>

#include "firmware/core/result.h"

namespace fw {

// psa_crypto_init(): cheap after the first call. NoMem if the core cannot start.
Status crypto_init();

// An f_rng callback drawing from the PSA generator (calls crypto_init() first; -1 if it fails).
int psa_rng_callback(void* unused, unsigned char* out, size_t len);

}  // namespace fw
