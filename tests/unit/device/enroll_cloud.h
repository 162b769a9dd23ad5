#pragma once
// devcloud's enrollment service as the platform behind the board's in-process broker: every
// PUBLISH the device sends is handed to EnrollmentService::handle() and the answers are
// delivered back, to live subscriptions only, as a broker would. The service signs with the real
// wall clock: the broker's TLS checks certificates against it, and the board's simulated clock
// may run minutes ahead.
#include <chrono>
#include <string>
#include <vector>

#include "device_board.h"
#include "tools/src/devcloud/enrollment_service.h"
#include "tools/src/devcloud/fleet_ca.h"
#include "tools/src/devcloud/registry.h"

namespace device_test {

inline int64_t wall_clock_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

class Cloud {
public:
    explicit Cloud(Board& b, devcloud::ServiceConfig cfg = {})
        : ca_(pki().path("intermediate.crt"), pki().path("intermediate/ca.key"), pki().ca_file()),
          registry_(""),
          service_(ca_, registry_, std::move(cfg), wall_clock_ms,
                   [this](const std::string& l) { lines.push_back(l); }) {
        b.broker.on_publish = [this, &b](const LoopBroker::Message& m) {
            if (!answering) return;
            for (const auto& a : service_.handle(m.topic, m.payload)) b.broker.publish(a.topic, a.payload);
        };
    }
    const devcloud::Registry& registry() const { return registry_; }
    bool answering = true;
    std::vector<std::string> lines;

private:
    devcloud::FleetCa ca_;
    devcloud::Registry registry_;
    devcloud::EnrollmentService service_;
};

}  // namespace device_test
