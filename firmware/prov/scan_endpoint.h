#pragma once
// `prov-scan` (ESP-IDF wifi_scan.proto): ScanStart / ScanStatus / ScanResult, so the client can
// offer a list of networks. ScanHandlers (the provisioning manager) owns the radio.
#include <cstdint>
#include <vector>

#include "firmware/prov/protocomm.h"
#include "hal/wifi.h"

namespace fw::prov {

constexpr const char* kScanEndpoint = "prov-scan";
// Entries per ScanResult answer: bounds the response (esp_prov asks for 4 at a time).
constexpr uint32_t kMaxScanEntriesPerResult = 16;

class ScanHandlers {
public:
    virtual ~ScanHandlers() = default;
    virtual Status scan_start(bool blocking, bool passive, uint32_t group_channels, uint32_t period_ms) = 0;
    virtual bool scan_finished() = 0;
    virtual const std::vector<hal::WifiAp>& scan_results() = 0;
};

Protocomm::Handler make_scan_handler(ScanHandlers& handlers);

}  // namespace fw::prov
