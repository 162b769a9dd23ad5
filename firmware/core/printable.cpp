#include "firmware/core/internal/printable.h"

#include <cstring>

namespace fw {
namespace {

// The escape of one byte into `esc`; returns its length (1, 2 or 4).
size_t escape_byte(unsigned char b, char esc[4]) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    if (b >= 0x20 && b < 0x7F) {
        esc[0] = static_cast<char>(b);
        return 1;
    }
    esc[0] = '\\';
    if (b == '\n' || b == '\r' || b == '\t') {
        esc[1] = b == '\n' ? 'n' : b == '\r' ? 'r' : 't';
        return 2;
    }
    esc[1] = 'x';
    esc[2] = kHex[b >> 4];
    esc[3] = kHex[b & 15];
    return 4;
}

}  // namespace

size_t escape_printable(std::string_view in, char* out, size_t cap) {
    char esc[4];
    size_t total = 0;
    for (char c : in) total += escape_byte(static_cast<unsigned char>(c), esc);
    // Cut: leave room for "..." after the last whole escape.
    size_t room = total <= cap - 1 ? total : cap - 4;
    size_t len = 0;
    for (char c : in) {
        size_t n = escape_byte(static_cast<unsigned char>(c), esc);
        if (len + n > room) break;
        std::memcpy(out + len, esc, n);
        len += n;
    }
    if (total > cap - 1) {
        std::memcpy(out + len, "...", 3);
        len += 3;
    }
    out[len] = '\0';
    return len;
}

}  // namespace fw
