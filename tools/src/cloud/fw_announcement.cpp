#include "tools/src/cloud/fw_announcement.h"

#include <nlohmann/json.hpp>

#include "tools/src/cloud/digest.h"

namespace cloud {

FwAnnouncement describe_image(std::string title, std::string version, const std::vector<uint8_t>& image) {
    return {std::move(title), std::move(version), image.size(), sha256_hex(image.data(), image.size())};
}

std::string announcement_json(const FwAnnouncement& a) {
    nlohmann::json j = {{"fw_title", a.title},
                        {"fw_version", a.version},
                        {"fw_size", a.size},
                        {"fw_checksum", a.checksum},
                        {"fw_checksum_algorithm", "SHA256"}};
    return j.dump();
}

}  // namespace cloud
