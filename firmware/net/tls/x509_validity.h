#pragma once
// Certificate validity periods judged by the device's own wall clock (hal::Clock::unix_ms), never
// by the clock mbedtls reads itself: on a chip that one is unset (every certificate "not yet
// valid") or absent (no expiry check at all). Every certificate of a chain is judged, the trusted
// root included. While the device does not know the time (no SNTP sync yet, unix_ms() == 0) the
// only judgement possible is against a floor: the running image's build time, before which no
// clock can be. A certificate that expired before the image was built is refused; anything
// else waits for the time (the device does not connect before SNTP has set the clock).
#include <mbedtls/x509_crt.h>

#include <cstdint>

namespace fw::net {

// The flags of a certificate's validity period, which this module owns.
constexpr uint32_t kValidityFlags = MBEDTLS_X509_BADCERT_EXPIRED | MBEDTLS_X509_BADCERT_FUTURE;

// Seconds since 1970 (UTC) of an X.509 time.
int64_t x509_time_unix(const mbedtls_x509_time& t);

// MBEDTLS_X509_BADCERT_EXPIRED / _FUTURE for `crt` at `now_unix_ms`. When the time is unknown
// (<= 0): EXPIRED if the certificate expired before `floor_unix_ms` (> 0), else 0.
uint32_t validity_flags(const mbedtls_x509_crt& crt, int64_t now_unix_ms, int64_t floor_unix_ms = 0);

// What validity is judged by: the wall clock (<= 0 unknown) and the floor (<= 0 none).
struct ValidityTime {
    int64_t now_unix_ms = 0;
    int64_t floor_unix_ms = 0;
};

// An mbedtls verify callback (mbedtls_x509_crt_verify, mbedtls_ssl_conf_verify): `ctx` points to
// the ValidityTime to judge by. Replaces the validity flags mbedtls set from its own clock.
int judge_validity(void* ctx, mbedtls_x509_crt* crt, int depth, uint32_t* flags);

}  // namespace fw::net
