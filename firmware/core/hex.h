#pragma once
// Hex text and bytes, for configuration values and digests.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fw {

// An even number of hex digits (either case) to bytes; false, `out` cleared, on anything else.
bool hex_decode(std::string_view text, std::vector<uint8_t>& out);
// Lower-case hex.
std::string hex_encode(const uint8_t* data, size_t len);
inline std::string hex_encode(const std::vector<uint8_t>& v) { return hex_encode(v.data(), v.size()); }

}  // namespace fw
