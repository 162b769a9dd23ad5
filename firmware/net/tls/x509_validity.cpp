#include "firmware/net/tls/x509_validity.h"

#include "firmware/core/civil_time.h"

namespace fw::net {

int64_t x509_time_unix(const mbedtls_x509_time& t) {
    return unix_seconds(t.year, static_cast<unsigned>(t.mon), static_cast<unsigned>(t.day),
                        static_cast<unsigned>(t.hour), static_cast<unsigned>(t.min), static_cast<unsigned>(t.sec));
}

uint32_t validity_flags(const mbedtls_x509_crt& crt, int64_t now_unix_ms, int64_t floor_unix_ms) {
    if (now_unix_ms <= 0) {
        if (floor_unix_ms > 0 && floor_unix_ms / 1000 > x509_time_unix(crt.valid_to))
            return MBEDTLS_X509_BADCERT_EXPIRED;
        return 0;
    }
    int64_t now_s = now_unix_ms / 1000;
    uint32_t flags = 0;
    if (now_s > x509_time_unix(crt.valid_to)) flags |= MBEDTLS_X509_BADCERT_EXPIRED;
    if (now_s < x509_time_unix(crt.valid_from)) flags |= MBEDTLS_X509_BADCERT_FUTURE;
    return flags;
}

int judge_validity(void* ctx, mbedtls_x509_crt* crt, int, uint32_t* flags) {
    const auto& t = *static_cast<const ValidityTime*>(ctx);
    *flags = (*flags & ~kValidityFlags) | validity_flags(*crt, t.now_unix_ms, t.floor_unix_ms);
    return 0;
}

}  // namespace fw::net
