#include "firmware/app/device_id.h"

#include <cstdio>

namespace fw::app {

std::string device_id_from_mac(const std::array<uint8_t, 6>& mac) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "ESP32_%02X%02X%02X", mac[3], mac[4], mac[5]);
    return buf;
}

bool valid_device_id(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id) {
        bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '_' ||
                  c == '-';
        if (!ok) return false;
    }
    return true;
}

}  // namespace fw::app
