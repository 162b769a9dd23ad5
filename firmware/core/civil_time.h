#pragma once
// Calendar dates to and from days since 1970-01-01 (UTC, proleptic Gregorian), with no libc time
// functions (the firmware has no <ctime>): certificate validity, the image's build time,
// ISO 8601 timestamps. Howard Hinnant's days_from_civil / civil_from_days.
#include <cstdint>

namespace fw {

int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
void civil_from_days(int64_t days, int64_t& y, unsigned& m, unsigned& d);
// Seconds since 1970-01-01T00:00:00Z of a UTC date and time of day.
int64_t unix_seconds(int64_t y, unsigned mon, unsigned day, unsigned hour, unsigned min, unsigned sec);

}  // namespace fw
