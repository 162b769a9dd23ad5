// What mbedtls asks of its platform in the Cortex-M4 image: entropy (MBEDTLS_ENTROPY_HARDWARE_ALT)
// and a millisecond clock (MBEDTLS_PLATFORM_MS_TIME_ALT, as ESP-IDF's port gives it from esp_timer).
// A board reads its hardware RNG and tick counter here. The image is linked to be measured, never
// run: the entropy source only fails and the clock stands still.
#include <cstddef>

#include <mbedtls/platform_time.h>

extern "C" int mbedtls_hardware_poll(void* data, unsigned char* output, size_t len, size_t* olen);

extern "C" int mbedtls_hardware_poll(void*, unsigned char*, size_t, size_t* olen) {
    *olen = 0;
    return -1;
}

extern "C" mbedtls_ms_time_t mbedtls_ms_time(void) { return 0; }
