#include "firmware/net/mqtt/mqtt_outbox_flash.h"

#include <cstdio>
#include <cstdlib>

namespace fw::net {

std::string FlashOutboxStore::name(uint32_t key) const {
    char hex[9];
    (void)std::snprintf(hex, sizeof hex, "%08x", static_cast<unsigned>(key));  // fixed width: byte order = key order
    return prefix_ + hex;
}

Status FlashOutboxStore::save(uint32_t key, std::span<const uint8_t> packet) {
    std::string k = name(key);
    if (k.size() + packet.size() > storage::FlashLog::kMaxEntry) return Err::TooLarge;
    return log_.write(k, packet.data(), packet.size());
}

void FlashOutboxStore::erase(uint32_t key) { (void)log_.remove(name(key)); }

Status FlashOutboxStore::load(const Visitor& visit) {
    if (!log_.mounted()) return Err::BadState;
    for (const std::string& k : log_.keys(prefix_)) {
        std::string_view hex = std::string_view(k).substr(prefix_.size());
        char* end = nullptr;
        std::string digits(hex);
        unsigned long key = std::strtoul(digits.c_str(), &end, 16);
        auto value = log_.read(k);
        if (hex.size() != 8 || end != digits.c_str() + digits.size() || !value) {
            (void)log_.remove(k);  // not ours, or unreadable: it cannot be sent anyway
            continue;
        }
        visit(static_cast<uint32_t>(key), *value);
    }
    return ok_status();
}

}  // namespace fw::net
