#pragma once
// Calendar dates to and from days since 1970-01-01 (UTC, proleptic Gregorian), with no libc time
// functions (the firmware has no <ctime>): certificate validity, the image's build time,
// ISO 8601 timestamps. Howard Hinnant's days_from_civil / civil_from_days.
#include <cstdint>

namespace fw {

int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
void civil_from_days(int64_t days, int64_t& y, unsigned& m, unsigned& d);
struct CivilTime {
    int64_t year = 1970;
    unsigned month = 1, day = 1, hour = 0, minute = 0, second = 0, ms = 0;
};
// The UTC date and time of day of a Unix time in ms (negative ones too).
CivilTime civil_from_unix_ms(int64_t unix_ms);
// Seconds since 1970-01-01T00:00:00Z of a UTC date and time of day.
int64_t unix_seconds(int64_t y, unsigned mon, unsigned day, unsigned hour, unsigned min, unsigned sec);

}  // namespace fw
