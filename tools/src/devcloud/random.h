#pragma once
// Unpredictable values for the cloud side: certificate serials, ownership tokens, asset ids and
// command correlation ids (mbedtls CTR-DRBG seeded from the OS entropy source).
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace devcloud {

class Random {
public:
    Random();  // throws std::runtime_error when the DRBG cannot be seeded
    ~Random();
    Random(const Random&) = delete;
    Random& operator=(const Random&) = delete;

    void fill(uint8_t* out, size_t len);
    std::string hex(size_t bytes);    // 2 * bytes lower-case hex digits
    std::string alnum(size_t chars);  // [0-9A-Za-z], uniformly
    uint32_t below(uint32_t bound);   // 0 .. bound-1, uniformly

    // mbedtls' f_rng signature, with `this` as p_rng.
    static int callback(void* self, unsigned char* out, size_t len);

private:
    mbedtls_entropy_context entropy_;
    mbedtls_ctr_drbg_context drbg_;
};

}  // namespace devcloud
