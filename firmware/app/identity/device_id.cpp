#include "firmware/app/identity/device_id.h"

#include <cstdio>

#include "firmware/core/ascii.h"

namespace fw::app {

std::string device_id_from_mac(const std::array<uint8_t, 6>& mac) {
    char buf[16];
    (void)std::snprintf(buf, sizeof buf, "ESP32_%02X%02X%02X", mac[3], mac[4], mac[5]);
    return buf;
}

namespace {
bool id_char(char c) { return is_ascii_alnum(c) || c == '.' || c == '_' || c == '-'; }
}  // namespace

bool valid_device_id(std::string_view id) { return !id.empty() && id.size() <= 64 && all_chars(id, id_char); }

}  // namespace fw::app
