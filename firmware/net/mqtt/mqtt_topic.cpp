#include "firmware/net/mqtt/mqtt_topic.h"

#include <cstddef>
#include <cstdint>

#include "firmware/net/mqtt/mqtt_packet.h"

namespace fw::net::mqtt {
namespace {

bool is_continuation(uint8_t b) { return (b & 0xC0) == 0x80; }

// Length of the UTF-8 sequence starting at s[i] if it is well-formed and allowed, else 0.
size_t sequence_length(std::string_view s, size_t i) {
    auto at = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
    uint8_t c = at(i);
    if (c == 0) return 0;
    if (c < 0x80) return 1;
    size_t n;
    uint8_t lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c < 0xC2) return 0;        // stray continuation byte or overlong 2-byte form
    if (c < 0xE0) {
        n = 2;
    } else if (c < 0xF0) {
        n = 3;
        if (c == 0xE0) lo = 0xA0;  // overlong
        if (c == 0xED) hi = 0x9F;  // U+D800..U+DFFF surrogates
    } else if (c < 0xF5) {
        n = 4;
        if (c == 0xF0) lo = 0x90;  // overlong
        if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
        return 0;
    }
    if (s.size() - i < n) return 0;
    if (at(i + 1) < lo || at(i + 1) > hi) return 0;
    for (size_t k = 2; k < n; ++k)
        if (!is_continuation(at(i + k))) return 0;
    return n;
}

bool valid_topic_string(std::string_view s) { return !s.empty() && s.size() <= kMaxStringLength && valid_utf8(s); }

}  // namespace

bool valid_utf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        size_t n = sequence_length(s, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

bool valid_topic_name(std::string_view s) {
    return valid_topic_string(s) && s.find_first_of("+#") == std::string_view::npos;
}

bool valid_topic_filter(std::string_view s) {
    if (!valid_topic_string(s)) return false;
    for (size_t i = 0; i < s.size(); ++i) {
        bool level_start = i == 0 || s[i - 1] == '/';
        bool level_end = i + 1 == s.size() || s[i + 1] == '/';
        if (s[i] == '+' && !(level_start && level_end)) return false;
        if (s[i] == '#' && !(level_start && i + 1 == s.size())) return false;
    }
    return true;
}

bool topic_matches(std::string_view filter, std::string_view name) {
    if (!name.empty() && name[0] == '$' && !filter.empty() && (filter[0] == '+' || filter[0] == '#')) return false;
    constexpr auto npos = std::string_view::npos;
    size_t f = 0, n = 0;
    for (;;) {
        size_t f_end = filter.find('/', f), n_end = name.find('/', n);
        std::string_view f_level = filter.substr(f, f_end == npos ? npos : f_end - f);
        std::string_view n_level = name.substr(n, n_end == npos ? npos : n_end - n);
        if (f_level == "#") return true;
        if (f_level != "+" && f_level != n_level) return false;
        if (f_end == npos) return n_end == npos;
        // "a/#" also matches "a" [MQTT-4.7.1-2]: the name ends, the filter goes on with "#" only.
        if (n_end == npos) return filter.substr(f_end + 1) == "#";
        f = f_end + 1;
        n = n_end + 1;
    }
}

}  // namespace fw::net::mqtt
