#pragma once
// Fixed-size, NUL-padded text fields of on-flash formats (partition labels, NVS keys, the app
// descriptor's strings).
#include <cstddef>
#include <cstring>

namespace fw {

// The length of the text in a field of `cap` bytes: up to its first NUL, or `cap` when it fills the
// field. strnlen() does the same but is POSIX, not ISO C++: newlib leaves it undeclared in strict
// C++ mode, as a Cortex-M or Xtensa toolchain builds.
inline size_t field_strlen(const char* p, size_t cap) {
    const void* nul = std::memchr(p, 0, cap);
    return nul ? static_cast<size_t>(static_cast<const char*>(nul) - p) : cap;
}

}  // namespace fw
