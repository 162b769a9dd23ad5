#pragma once
// ASCII character classes for checking names (device ids, topic levels, host names). Not
// <cctype>: its answers depend on the locale and it takes int, not char.
#include <string_view>

namespace fw {

constexpr bool is_ascii_alnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// True when every character of `s` passes `ok` (so also for an empty `s`).
constexpr bool all_chars(std::string_view s, bool (*ok)(char)) {
    for (char c : s)
        if (!ok(c)) return false;
    return true;
}

}  // namespace fw
