#include "tools/src/cloud/digest.h"

#include <mbedtls/sha256.h>

#include "firmware/core/hex.h"

namespace cloud {

std::string sha256_hex(const void* data, size_t len) {
    uint8_t sum[32];
    mbedtls_sha256(static_cast<const unsigned char*>(data), len, sum, 0);
    return fw::hex_encode(sum, sizeof sum);
}

}  // namespace cloud
