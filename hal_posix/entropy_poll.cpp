// mbedtls' entropy source on this platform (MBEDTLS_ENTROPY_HARDWARE_ALT in
// firmware/mbedtls/mbedtls_config.h): the kernel's CSPRNG, as PosixRng, standing in for the chip's
// hardware RNG that ESP-IDF's port reads here.
#include <cstddef>

#include "hal_posix/posix_rng.h"

extern "C" int mbedtls_hardware_poll(void* data, unsigned char* output, size_t len, size_t* olen);

extern "C" int mbedtls_hardware_poll(void*, unsigned char* output, size_t len, size_t* olen) {
    hal_posix::PosixRng().fill(output, len);
    *olen = len;
    return 0;
}
