#include "firmware/core/crypto_init.h"

#include <psa/crypto.h>

// mbedtls 3.6's psa_util.h lacks the C++ guards its other headers have.
extern "C" {
#include <mbedtls/psa_util.h>
}

namespace fw {

Status crypto_init() { return psa_crypto_init() == PSA_SUCCESS ? ok_status() : Status(Err::NoMem); }

int psa_rng_callback(void*, unsigned char* out, size_t len) {
    if (!crypto_init().ok()) return -1;
    return mbedtls_psa_get_random(MBEDTLS_PSA_RANDOM_STATE, out, len);
}

}  // namespace fw
