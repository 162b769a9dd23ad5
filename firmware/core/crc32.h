#pragma once
// CRC-32 as zlib and ESP-IDF's crc32_le compute it (reflected, polynomial 0xEDB88320).
// crc32_le(0xFFFFFFFF, ...) continues ESP-IDF's convention used by otadata; crc32(...) is zlib's.
#include <cstddef>
#include <cstdint>

namespace fw {

// ESP-IDF's esp_rom_crc32_le: `crc` is the previous result (0 to start a zlib-style CRC).
uint32_t crc32_le(uint32_t crc, const void* data, size_t len);
inline uint32_t crc32(const void* data, size_t len) { return crc32_le(0, data, len); }

}  // namespace fw
