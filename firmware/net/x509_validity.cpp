#include "firmware/net/x509_validity.h"

namespace fw::net {

int64_t x509_time_unix(const mbedtls_x509_time& t) {
    // Days from civil date (Howard Hinnant's algorithm).
    int y = t.year, m = t.mon, d = t.day;
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    int64_t days = era * 146097 + doe - 719468;
    return days * 86400 + t.hour * 3600 + t.min * 60 + t.sec;
}

uint32_t validity_flags(const mbedtls_x509_crt& crt, int64_t now_unix_ms) {
    if (now_unix_ms <= 0) return 0;
    int64_t now_s = now_unix_ms / 1000;
    uint32_t flags = 0;
    if (now_s > x509_time_unix(crt.valid_to)) flags |= MBEDTLS_X509_BADCERT_EXPIRED;
    if (now_s < x509_time_unix(crt.valid_from)) flags |= MBEDTLS_X509_BADCERT_FUTURE;
    return flags;
}

int judge_validity(void* ctx, mbedtls_x509_crt* crt, int, uint32_t* flags) {
    *flags = (*flags & ~kValidityFlags) | validity_flags(*crt, *static_cast<const int64_t*>(ctx));
    return 0;
}

}  // namespace fw::net
