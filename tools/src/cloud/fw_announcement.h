#pragma once
// The shared attributes that start a ThingsBoard firmware update: fw_title, fw_version,
// fw_size, fw_checksum and fw_checksum_algorithm (always SHA256), published on
// v1/devices/me/attributes.
#include <cstdint>
#include <string>
#include <vector>

namespace cloud {

constexpr const char* kFwAttributesTopic = "v1/devices/me/attributes";

struct FwAnnouncement {
    std::string title;
    std::string version;
    uint64_t size = 0;
    std::string checksum;  // SHA-256, hex
};

// The announcement of `image` as it is: its size and SHA-256.
FwAnnouncement describe_image(std::string title, std::string version, const std::vector<uint8_t>& image);

// The attributes as compact JSON.
std::string announcement_json(const FwAnnouncement& a);

}  // namespace cloud
