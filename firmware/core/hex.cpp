#include "firmware/core/hex.h"

namespace fw {
namespace {

int nibble(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

bool hex_decode(std::string_view text, std::vector<uint8_t>& out) {
    out.clear();
    if (text.size() % 2 != 0) return false;
    out.reserve(text.size() / 2);
    for (size_t i = 0; i < text.size(); i += 2) {
        int hi = nibble(text[i]), lo = nibble(text[i + 1]);
        if (hi < 0 || lo < 0) {
            out.clear();
            return false;
        }
        out.push_back(static_cast<uint8_t>(hi << 4 | lo));
    }
    return true;
}

bool hex_decode(std::string_view text, uint8_t* out, size_t n) {
    size_t k = 0;
    for (size_t i = 0; i < text.size(); i += 2) {
        if (k > 0 && text[i] == ':') ++i;
        if (k == n || i + 1 >= text.size()) return false;
        int hi = nibble(text[i]), lo = nibble(text[i + 1]);
        if (hi < 0 || lo < 0) return false;
        out[k++] = static_cast<uint8_t>(hi << 4 | lo);
    }
    return k == n;
}

std::string hex_encode(const uint8_t* data, size_t len) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string s;
    s.reserve(len * 2);
    for (size_t i = 0; i < len; ++i) s += {kDigits[data[i] >> 4], kDigits[data[i] & 15]};
    return s;
}

}  // namespace fw
