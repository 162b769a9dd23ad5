#include "firmware/app/platform/telemetry.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

#include "firmware/core/civil_time.h"

namespace fw::app {
namespace {

double round_centi(double v) { return std::round(v * 100.0) / 100.0; }

}  // namespace

double temperature_in(const hal::Reading& r, Units u) {
    double c = r.temperature_c;
    return round_centi(u == Units::Fahrenheit ? c * 9.0 / 5.0 + 32.0 : c);
}

double humidity(const hal::Reading& r) { return round_centi(r.humidity_pct); }

Json reading_fields(const hal::Reading& r, Units u) {
    Json j;
    j["temperature"] = temperature_in(r, u);
    j["humidity"] = humidity(r);
    return j;
}

const char* unit_symbol(Units u) { return u == Units::Fahrenheit ? "F" : "C"; }

std::string json_text(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

const std::string* string_member(const Json& obj, const char* key) {
    if (!obj.is_object()) return nullptr;
    auto it = obj.find(key);
    return it != obj.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
}

std::optional<bool> bool_member(const Json& obj, const char* key) {
    if (!obj.is_object()) return std::nullopt;
    auto it = obj.find(key);
    if (it == obj.end() || !it->is_boolean()) return std::nullopt;
    return it->get<bool>();
}

std::string number_text(double v) { return json_text(Json(v)); }

std::string iso8601_utc(int64_t unix_ms) {
    CivilTime t = civil_from_unix_ms(unix_ms);
    char buf[40];
    (void)std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02u:%02u:%02u.%03uZ", static_cast<long long>(t.year),
                        t.month, t.day, t.hour, t.minute, t.second, t.ms);
    return buf;
}

Result<std::vector<std::string>> pack_items(const std::vector<std::string>& items, std::string_view open,
                                            std::string_view sep, std::string_view close, size_t max_bytes) {
    std::vector<std::string> out;
    std::string cur;
    size_t in_cur = 0;  // items in `cur`; `open` may be empty, so cur.empty() cannot tell
    const size_t frame = open.size() + close.size();
    for (const auto& item : items) {
        if (frame + item.size() > max_bytes) return Err::TooLarge;
        if (in_cur > 0 && cur.size() + sep.size() + item.size() + close.size() > max_bytes) {
            out.push_back(cur + std::string(close));
            cur.clear();
            in_cur = 0;
        }
        cur += in_cur == 0 ? open : sep;
        cur += item;
        ++in_cur;
    }
    if (in_cur > 0) out.push_back(cur + std::string(close));
    return out;
}

Result<std::vector<Publish>> batch_publishes(const std::vector<TimedReading>& readings,
                                             const std::function<std::string(const TimedReading&)>& text,
                                             BatchFrame frame, size_t max_bytes, const std::string& topic) {
    std::vector<std::string> items;
    items.reserve(readings.size());
    for (const auto& r : readings) items.push_back(text(r));
    auto payloads = pack_items(items, frame.open, frame.sep, frame.close, max_bytes);
    if (!payloads) return payloads.err();
    std::vector<Publish> out;
    out.reserve(payloads->size());
    for (auto& p : *payloads) out.push_back({topic, std::move(p)});
    return out;
}

}  // namespace fw::app
