#include "tools/src/devcloud/time_text.h"

#include <ctime>

namespace devcloud {

std::string utc_format(int64_t unix_s, const char* format) {
    std::time_t t = static_cast<std::time_t>(unix_s);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    size_t n = std::strftime(buf, sizeof buf, format, &tm);
    return std::string(buf, n);
}

}  // namespace devcloud
