#pragma once
// Unsigned decimal numbers in text (ports, HTTP lengths, numbers sent as strings): digits only,
// no sign, no spaces, at most `max_digits` of them so the value cannot overflow.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace fw {

// False for an empty string, any other character, or more than `max_digits` (at most 19) digits.
bool parse_decimal(std::string_view s, size_t max_digits, uint64_t& out);

}  // namespace fw
