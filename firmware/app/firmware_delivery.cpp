#include "firmware/app/firmware_delivery.h"

namespace fw::app {

const char* ota_phase_name(OtaPhase p) {
    switch (p) {
        case OtaPhase::Downloading: return "DOWNLOADING";
        case OtaPhase::Downloaded: return "DOWNLOADED";
        case OtaPhase::Verified: return "VERIFIED";
        case OtaPhase::Updating: return "UPDATING";
        case OtaPhase::Updated: return "UPDATED";
        case OtaPhase::Failed: return "FAILED";
    }
    return "?";
}

std::vector<Publish> FirmwareDelivery::format_ota_progress(const OtaProgress&) const { return {}; }

std::optional<Publish> FirmwareDelivery::format_fw_chunk_request(uint32_t, uint32_t, uint32_t) const {
    return std::nullopt;
}

std::optional<FwChunkId> FirmwareDelivery::parse_fw_chunk_topic(std::string_view) const { return std::nullopt; }

}  // namespace fw::app
