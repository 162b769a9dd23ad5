#include "firmware/app/platform/firmware_delivery.h"

#include "firmware/core/enum_names.h"

namespace fw::app {

constexpr fw::EnumName<OtaPhase> kOtaPhaseNames[] = {
    {OtaPhase::Downloading, "DOWNLOADING"}, {OtaPhase::Downloaded, "DOWNLOADED"}, {OtaPhase::Verified, "VERIFIED"},
    {OtaPhase::Updating, "UPDATING"},       {OtaPhase::Updated, "UPDATED"},       {OtaPhase::Failed, "FAILED"},
};

const char* name_of(OtaPhase p) { return fw::name_in(kOtaPhaseNames, p); }

std::vector<Publish> FirmwareDelivery::format_ota_progress(const OtaProgress&) const { return {}; }

std::optional<Publish> FirmwareDelivery::format_fw_chunk_request(uint32_t, uint32_t, uint32_t) const {
    return std::nullopt;
}

std::optional<FwChunkId> FirmwareDelivery::parse_fw_chunk_topic(std::string_view) const { return std::nullopt; }

}  // namespace fw::app
