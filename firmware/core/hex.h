#pragma once
// Hex text and bytes, for configuration values, digests and the chip's eFuse and radio files.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fw {

// An even number of hex digits (either case) to bytes; false, `out` cleared, on anything else.
bool hex_decode(std::string_view text, std::vector<uint8_t>& out);
// Exactly `n` bytes written as 2n hex digits (either case) into `out`, the pairs optionally
// separated by ':' as in a MAC address; false on anything else (`out` then unspecified).
bool hex_decode(std::string_view text, uint8_t* out, size_t n);
// Lower-case hex.
std::string hex_encode(const uint8_t* data, size_t len);
inline std::string hex_encode(const std::vector<uint8_t>& v) { return hex_encode(v.data(), v.size()); }

}  // namespace fw
