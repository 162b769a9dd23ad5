#pragma once
// Several provisioning transports served as one, e.g. SoftAP and BLE at once, as a device that
// offers both lets the phone pick. Session ids stay unique: a part's id s becomes s * n + index.
#include <vector>

#include "hal/prov_transport.h"

namespace hal_posix {

class ProvMux : public hal::ProvTransport {
public:
    // The parts are not owned and must outlive the mux.
    explicit ProvMux(std::vector<hal::ProvTransport*> parts) : parts_(std::move(parts)) {}

    // Starts every part; if one fails, the others are stopped again.
    hal::Status start(const std::string& service_name, const std::vector<std::string>& endpoints) override;
    void stop() override;
    hal::Status poll(hal::ProvRequest& req) override;
    hal::Status respond(uint32_t session, const std::vector<uint8_t>& body) override;
    bool poll_closed(uint32_t& session) override;

private:
    uint32_t tag(size_t part, uint32_t session) const {
        return session * static_cast<uint32_t>(parts_.size()) + static_cast<uint32_t>(part);
    }

    std::vector<hal::ProvTransport*> parts_;
    size_t next_ = 0;  // round robin, so one busy transport cannot starve another
};

}  // namespace hal_posix
