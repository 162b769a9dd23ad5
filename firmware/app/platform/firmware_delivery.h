#pragma once
// How a platform delivers firmware and follows an update: progress reports, firmware in MQTT
// chunks, and when a successful update command is answered. Kept apart from the profile's
// telemetry and commands: only the OTA agent and its downloads use it. Like a profile it is pure:
// no I/O, no clock. The defaults are the platform that does none of it (updates from a URL,
// answered before the restart, no progress).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "firmware/app/platform/publish.h"

namespace fw::app {

// Progress of an over-the-air update, as ThingsBoard's fw_state names it.
enum class OtaPhase : uint8_t { Downloading, Downloaded, Verified, Updating, Updated, Failed };
const char* name_of(OtaPhase p);  // "DOWNLOADING" ...

struct OtaProgress {
    OtaPhase phase = OtaPhase::Downloading;
    std::string version;  // the version being installed
    std::string error;    // Failed: why
};

// One firmware chunk of a ThingsBoard-style MQTT download: v2/fw/response/{request}/chunk/{index}.
struct FwChunkId {
    uint32_t request_id = 0;
    uint32_t index = 0;
};

class FirmwareDelivery {
public:
    virtual ~FirmwareDelivery() = default;

    // Update progress for platforms that show it; none by default.
    virtual std::vector<Publish> format_ota_progress(const OtaProgress& p) const;
    // Firmware over MQTT chunks (ThingsBoard): the request for chunk `index` of `size` bytes, and
    // which chunk a response topic carries. nullopt: this platform does not deliver firmware so.
    virtual std::optional<Publish> format_fw_chunk_request(uint32_t request_id, uint32_t index, uint32_t size) const;
    virtual std::optional<FwChunkId> parse_fw_chunk_topic(std::string_view topic) const;
    // Whether a successful update command is answered by the new image after the restart
    // (Cumulocity: 503 once the new version runs) rather than just before it.
    virtual bool answers_ota_after_restart() const { return false; }
};

}  // namespace fw::app
