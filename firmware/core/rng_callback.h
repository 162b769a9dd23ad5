#pragma once
// The chip's hardware RNG as the f_rng callback mbedtls takes (key generation, signatures, TLS),
// as esp-tls feeds mbedtls from esp_random.
#include <cstddef>

#include "hal/rng.h"

namespace fw {

inline int rng_callback(void* rng, unsigned char* out, size_t len) {
    static_cast<hal::Rng*>(rng)->fill(out, len);
    return 0;
}

}  // namespace fw
