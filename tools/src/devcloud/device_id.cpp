#include "tools/src/devcloud/device_id.h"

#include <algorithm>

namespace devcloud {

bool valid_device_id(std::string_view id) {
    auto ok = [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
               c == '-';
    };
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), ok);
}

}  // namespace devcloud
