#pragma once
// Times as text, in UTC, from Unix seconds. Computed with the firmware's calendar arithmetic
// (firmware/core/civil_time.h), not through time_t: where time_t is 32 bits wide (i386 glibc), it
// ends in January 2038, and a certificate valid beyond that would be written or named wrong.
#include <cstdint>
#include <string>

namespace devcloud {

// ISO 8601 in messages and listings: "2025-01-31T12:00:00Z".
std::string utc_text(int64_t unix_s);

// X.509's "YYYYMMDDhhmmss", as mbedtls' certificate writer takes a validity date.
std::string utc_asn1_text(int64_t unix_s);

}  // namespace devcloud
