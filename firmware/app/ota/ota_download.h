#pragma once
// A way of fetching an update image (MQTT chunks, HTTPS), as the OTA agent drives it: start(),
// bytes handed over in order through `write`, one `done` at the end. A finished download stays
// inert (no timers, ignores messages) until the agent replaces it.
#include <cstddef>
#include <cstdint>
#include <functional>

#include "firmware/core/result.h"
#include "firmware/net/mqtt/mqtt_events.h"

namespace fw::app {

// How a transfer ended: ok when every byte was delivered (or the writer refused them, which the
// writer's own refusal explains), else the code and the reason the device reports.
using DownloadStatus = Result<void, Error<Err>>;

struct OtaDownloadHooks {
    // The next bytes of the image; false: the writer refused them and the download stops.
    std::function<bool(const uint8_t* data, size_t len)> write;
    std::function<void(const DownloadStatus& outcome)> done;
};

class OtaDownload {
public:
    virtual ~OtaDownload() = default;
    virtual void start() = 0;
    // An inbound MQTT message; true when it belonged to this kind of download.
    virtual bool on_message(const net::MqttMessage&) { return false; }
};

}  // namespace fw::app
