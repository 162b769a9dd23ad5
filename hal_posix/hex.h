#pragma once
// Hex text <-> bytes for the chip's JSON files.
#include <cstddef>
#include <cstdint>
#include <string>

namespace hal_posix {

std::string to_hex(const uint8_t* p, size_t n);
// False unless `s` is exactly 2*n hex digits (':' separators allowed, as in a MAC).
bool from_hex(const std::string& s, uint8_t* out, size_t n);

}  // namespace hal_posix
