#pragma once
// `prov-ctrl` (ESP-IDF 5.x wifi_ctrl.proto): CtrlReset and CtrlReprov, what `esp_prov --reset` and
// `--reprov` send. The decoding lives here; what the commands do is up to CtrlHandlers.
#include "firmware/prov/protocomm.h"

namespace fw::prov {

constexpr const char* kCtrlEndpoint = "prov-ctrl";

class CtrlHandlers {
public:
    virtual ~CtrlHandlers() = default;
    // After a failed join: forget the failure so new credentials can be sent (BadState otherwise).
    virtual Status ctrl_reset() = 0;
    // Leave the current network and go back to provisioning, keeping the service up.
    virtual Status ctrl_reprov() = 0;
};

Protocomm::Handler make_ctrl_handler(CtrlHandlers& handlers);

}  // namespace fw::prov
