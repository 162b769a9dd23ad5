#include "tools/src/devcloud/time_text.h"

#include <cstdio>

#include "firmware/core/civil_time.h"

namespace devcloud {
namespace {

std::string civil_text(int64_t unix_s, const char* format) {
    fw::CivilTime t = fw::civil_from_unix_ms(unix_s * 1000);
    char buf[80];
    int n = std::snprintf(buf, sizeof buf, format, static_cast<long long>(t.year), t.month, t.day, t.hour, t.minute,
                          t.second);
    return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
}

}  // namespace

std::string utc_text(int64_t unix_s) { return civil_text(unix_s, "%04lld-%02u-%02uT%02u:%02u:%02uZ"); }

std::string utc_asn1_text(int64_t unix_s) { return civil_text(unix_s, "%04lld%02u%02u%02u%02u%02u"); }

}  // namespace devcloud
