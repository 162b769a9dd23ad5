#include "hal_posix/hex.h"

namespace hal_posix {

std::string to_hex(const uint8_t* p, size_t n) {
    static const char* d = "0123456789abcdef";
    std::string s;
    for (size_t i = 0; i < n; ++i) {
        s.push_back(d[p[i] >> 4]);
        s.push_back(d[p[i] & 15]);
    }
    return s;
}

bool from_hex(const std::string& s, uint8_t* out, size_t n) {
    auto nib = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    size_t k = 0;
    for (size_t i = 0; i < s.size();) {
        if (s[i] == ':') {
            ++i;
            continue;
        }
        if (i + 1 >= s.size() || k >= n) return false;
        int hi = nib(s[i]), lo = nib(s[i + 1]);
        if (hi < 0 || lo < 0) return false;
        out[k++] = static_cast<uint8_t>(hi << 4 | lo);
        i += 2;
    }
    return k == n;
}

}  // namespace hal_posix
