/* The bootloader only verifies digests and signatures: it draws no randomness. Its crypto
 * library still carries mbedtls's entropy module (the same sources as the app's), whose hardware
 * source is this one, which always fails, so nothing in the bootloader can depend on it. */
#include <stddef.h>

#include "mbedtls/entropy.h"

int mbedtls_hardware_poll(void* data, unsigned char* output, size_t len, size_t* olen) {
    (void)data;
    (void)output;
    (void)len;
    *olen = 0;
    return MBEDTLS_ERR_ENTROPY_SOURCE_FAILED;
}
