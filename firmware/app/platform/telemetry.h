#pragma once
// A sensor reading stamped with wall-clock time, and the number/time/JSON text helpers every
// platform profile shares so that the same reading is spelled the same way on every platform.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "firmware/app/platform/json_value.h"
#include "firmware/app/platform/publish.h"
#include "firmware/core/result.h"
#include "hal/sensor.h"

namespace fw::app {

enum class Units : uint8_t { Celsius, Fahrenheit };

struct TimedReading {
    int64_t unix_ms = 0;  // when it was read; <= 0 while the wall clock was unknown (no SNTP yet)
    hal::Reading value{};

    bool has_time() const { return unix_ms > 0; }
};

// Temperature in the configured unit, rounded to 0.01 so that JSON and CSV print short decimals
// ("21.3", not "21.299999237060547").
double temperature_in(const hal::Reading& r, Units u);
double humidity(const hal::Reading& r);
// {"temperature":..,"humidity":..}: the measurement keys the JSON platforms share.
Json reading_fields(const hal::Reading& r, Units u);
// The unit label platforms display next to the temperature ("C" / "F").
const char* unit_symbol(Units u);

// Never aborts: invalid UTF-8 (a hostile command id, a garbled config string) is replaced with
// U+FFFD; nlohmann's default dump() treats it as an error, and without exceptions that aborts.
std::string json_text(const Json& j);
// The string member `key` of an object, or nullptr when absent or not a string. Never aborts:
// nlohmann's value()/get() on a member of another type raises a type error, which without exceptions
// aborts, so a hostile payload ({"id":5}) must be read through this.
const std::string* string_member(const Json& obj, const char* key);
// The boolean member `key` of an object, or nullopt when absent or not a boolean; never aborts (as
// string_member).
std::optional<bool> bool_member(const Json& obj, const char* key);
// The shortest text that reads back as `v` ("21.3", "45.0"), identical to its JSON spelling.
std::string number_text(double v);

// ISO 8601 in UTC with milliseconds: "2023-11-14T22:13:20.000Z".
std::string iso8601_utc(int64_t unix_ms);

// Packs items into as few payloads as fit in `max_bytes` each, every payload being
// open + item (sep item)* + close, keeping order. TooLarge if one item alone cannot fit.
Result<std::vector<std::string>> pack_items(const std::vector<std::string>& items, std::string_view open,
                                            std::string_view sep, std::string_view close, size_t max_bytes);

// How a profile frames a batch of readings in one payload: open + item (sep item)* + close.
struct BatchFrame {
    std::string_view open, sep, close;
};

// Readings buffered while offline as publishes to `topic`: each reading's `text` kept whole, as
// few payloads as fit in `max_bytes` each (pack_items). TooLarge if one reading alone cannot fit.
Result<std::vector<Publish>> batch_publishes(const std::vector<TimedReading>& readings,
                                             const std::function<std::string(const TimedReading&)>& text,
                                             BatchFrame frame, size_t max_bytes, const std::string& topic);

}  // namespace fw::app
