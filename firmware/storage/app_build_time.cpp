#include "firmware/storage/app_build_time.h"

#include <string_view>

#include "firmware/core/civil_time.h"

namespace fw::storage {
namespace {

// `n` decimal digits at `pos` (a leading space counts as 0, as __DATE__ pads the day with one).
bool digits(std::string_view s, size_t pos, size_t n, unsigned& out) {
    if (pos + n > s.size()) return false;
    out = 0;
    for (size_t i = pos; i < pos + n; ++i) {
        char c = s[i];
        if (c == ' ' && i == pos) continue;
        if (c < '0' || c > '9') return false;
        out = out * 10 + static_cast<unsigned>(c - '0');
    }
    return true;
}

}  // namespace

Result<int64_t> app_build_unix_s(const AppDesc& desc) {
    static constexpr std::string_view kMonths = "JanFebMarAprMayJunJulAugSepOctNovDec";
    std::string_view date = desc.date, time = desc.time;
    if (date.size() != 11 || date[3] != ' ' || date[6] != ' ' || time.size() != 8 || time[2] != ':' || time[5] != ':')
        return Err::InvalidArg;
    size_t m = kMonths.find(date.substr(0, 3));
    unsigned day = 0, year = 0, h = 0, min = 0, sec = 0;
    if (m == std::string_view::npos || m % 3 != 0 || !digits(date, 4, 2, day) || !digits(date, 7, 4, year) ||
        !digits(time, 0, 2, h) || !digits(time, 3, 2, min) || !digits(time, 6, 2, sec))
        return Err::InvalidArg;
    if (day < 1 || day > 31 || year < 1970 || h > 23 || min > 59 || sec > 60) return Err::InvalidArg;
    return unix_seconds(year, static_cast<unsigned>(m / 3 + 1), day, h, min, sec);
}

}  // namespace fw::storage
