#pragma once
// Times as text, in UTC: ISO 8601 in messages and listings, other layouts where a format wants them.
#include <cstdint>
#include <string>

namespace devcloud {

// `unix_s` through strftime's `format`.
std::string utc_format(int64_t unix_s, const char* format);

// "2025-01-31T12:00:00Z".
inline std::string utc_text(int64_t unix_s) { return utc_format(unix_s, "%Y-%m-%dT%H:%M:%SZ"); }

}  // namespace devcloud
