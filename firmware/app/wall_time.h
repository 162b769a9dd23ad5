#pragma once
// The device's wall clock, which certificate validity and telemetry timestamps depend on. A chip's
// clock is unset after every power-on and reset; the device does not connect anywhere before it
// knows the time (Device's waiting-for-time state), and gets it from SNTP (net/sntp): the
// configured servers (config `ntp_servers`, default pool.ntp.org), retried with backoff for as
// long as it takes. The image's build time is the floor: no SNTP answer before it is believed, and
// TLS refuses a certificate that expired before it even while the time is unknown.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "firmware/app/identity/banner.h"
#include "firmware/core/event_loop.h"
#include "firmware/net/host_port.h"
#include "firmware/net/sntp/sntp_client.h"
#include "hal/hal.h"

namespace fw::app {

class WallTime {
public:
    WallTime(const hal::Hal& hal, EventLoop& loop, const BootInfo& boot);

    bool known() const { return hal_.clock->unix_ms() > 0; }
    // Starts SNTP with `servers` (once; later calls only replace `on_set`) unless the clock is
    // known. `on_set` runs at every synchronization with what set the clock ("sntp HOST:PORT").
    void sync(const std::vector<net::HostPort>& servers, std::function<void(const std::string&)> on_set);
    // The network is back after an outage: ask again now rather than at the end of a backoff
    // that the outage made long (nothing happens once the time is known).
    void retry_now();
    // For get_status: "sntp HOST:PORT" (the last synchronization), "rtc" (already set when the
    // application started, as a chip's RTC keeps it through deep sleep) or "none".
    std::string source() const;
    // The image's build time in unix ms; 0 when its descriptor does not say.
    int64_t floor_unix_ms() const { return floor_ms_; }

private:
    const hal::Hal& hal_;
    EventLoop& loop_;
    int64_t floor_ms_ = 0;
    bool set_at_start_ = false;
    std::unique_ptr<net::sntp::SntpClient> sntp_;
    std::function<void(const std::string&)> on_set_;
};

}  // namespace fw::app
