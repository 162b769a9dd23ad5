#include "tools/src/cloud/printable.h"

namespace cloud {

std::string printable(std::string_view s, size_t max) {
    std::string out;
    for (char c : s.substr(0, max)) {
        if (c == '\n')
            out += "\\n";
        else
            out += (c >= 0x20 && c < 0x7F) ? c : '?';
    }
    return s.size() > max ? out + "..." : out;
}

}  // namespace cloud
