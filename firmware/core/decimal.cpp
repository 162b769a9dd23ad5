#include "firmware/core/decimal.h"

namespace fw {

bool parse_decimal(std::string_view s, size_t max_digits, uint64_t& out) {
    if (s.empty() || s.size() > max_digits || s.size() > 19) return false;
    uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + static_cast<uint64_t>(c - '0');
    }
    out = v;
    return true;
}

}  // namespace fw
