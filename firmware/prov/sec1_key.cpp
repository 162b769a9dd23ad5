#include "firmware/prov/sec1_key.h"

#include <mbedtls/platform_util.h>
#include <mbedtls/sha256.h>

namespace fw::prov {

Status sec1_session_key(const uint8_t priv[kX25519Len], const uint8_t peer_pub[kX25519Len], const std::string& pop,
                        hal::Rng& blind, uint8_t key[kX25519Len]) {
    FW_TRY(x25519(priv, peer_pub, key, blind));
    if (pop.empty()) return ok_status();
    uint8_t digest[32];
    if (mbedtls_sha256(reinterpret_cast<const unsigned char*>(pop.data()), pop.size(), digest, 0) != 0) return Err::Io;
    for (size_t i = 0; i < kX25519Len; ++i) key[i] ^= digest[i];
    mbedtls_platform_zeroize(digest, sizeof digest);
    return ok_status();
}

}  // namespace fw::prov
