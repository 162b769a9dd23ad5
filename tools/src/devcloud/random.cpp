#include "tools/src/devcloud/random.h"

#include <stdexcept>

#include "firmware/core/hex.h"

namespace devcloud {

Random::Random() {
    mbedtls_entropy_init(&entropy_);
    mbedtls_ctr_drbg_init(&drbg_);
    static const unsigned char kPersonal[] = "devcloud";
    if (mbedtls_ctr_drbg_seed(&drbg_, mbedtls_entropy_func, &entropy_, kPersonal, sizeof kPersonal) != 0) {
        mbedtls_ctr_drbg_free(&drbg_);
        mbedtls_entropy_free(&entropy_);
        throw std::runtime_error("cannot seed the random generator");
    }
}

Random::~Random() {
    mbedtls_ctr_drbg_free(&drbg_);
    mbedtls_entropy_free(&entropy_);
}

void Random::fill(uint8_t* out, size_t len) {
    if (mbedtls_ctr_drbg_random(&drbg_, out, len) != 0) throw std::runtime_error("random generator failed");
}

std::string Random::hex(size_t bytes) {
    std::string raw(bytes, '\0');
    fill(reinterpret_cast<uint8_t*>(raw.data()), raw.size());
    return fw::hex_encode(reinterpret_cast<const uint8_t*>(raw.data()), raw.size());
}

uint32_t Random::below(uint32_t bound) {
    // Rejection sampling: values past the last whole multiple of `bound` would favour small results.
    const uint32_t limit = UINT32_MAX - UINT32_MAX % bound;
    uint32_t v = 0;
    do fill(reinterpret_cast<uint8_t*>(&v), sizeof v);
    while (v >= limit);
    return v % bound;
}

std::string Random::alnum(size_t chars) {
    static constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    std::string out;
    for (size_t i = 0; i < chars; ++i) out += kAlphabet[below(sizeof kAlphabet - 1)];
    return out;
}

int Random::callback(void* self, unsigned char* out, size_t len) {
    return mbedtls_ctr_drbg_random(&static_cast<Random*>(self)->drbg_, out, len);
}

}  // namespace devcloud
