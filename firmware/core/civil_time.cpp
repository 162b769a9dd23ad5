#include "firmware/core/civil_time.h"

namespace fw {

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
}

CivilTime civil_from_unix_ms(int64_t unix_ms) {
    int64_t days = unix_ms / 86400000, ms_of_day = unix_ms % 86400000;
    if (ms_of_day < 0) {
        ms_of_day += 86400000;
        --days;
    }
    CivilTime t;
    civil_from_days(days, t.year, t.month, t.day);
    const auto s = static_cast<unsigned>(ms_of_day / 1000);
    t.hour = s / 3600;
    t.minute = s / 60 % 60;
    t.second = s % 60;
    t.ms = static_cast<unsigned>(ms_of_day % 1000);
    return t;
}

int64_t unix_seconds(int64_t y, unsigned mon, unsigned day, unsigned hour, unsigned min, unsigned sec) {
    return days_from_civil(y, mon, day) * 86400 + static_cast<int64_t>(hour) * 3600 + static_cast<int64_t>(min) * 60 +
           sec;
}

}  // namespace fw
