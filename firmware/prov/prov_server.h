#pragma once
// Serves a Protocomm over a hal::ProvTransport from the event loop: each iteration drains the
// transport's requests and closed sessions. A refused request is answered with an empty body,
// which the transports turn into their error answer (HTTP 500, an empty BLE frame).
#include <cstdint>
#include <functional>
#include <string>

#include "firmware/core/event_loop.h"
#include "firmware/core/result.h"
#include "firmware/prov/protocomm.h"
#include "hal/prov_transport.h"

namespace fw::prov {

class ProvServer {
public:
    // Requests handled per loop iteration, so a chatty client cannot starve the rest of the loop.
    static constexpr int kMaxRequestsPerPoll = 8;

    ProvServer(EventLoop& loop, hal::ProvTransport& transport, Protocomm& protocomm)
        : loop_(loop), transport_(transport), protocomm_(protocomm) {}
    ~ProvServer() { stop(); }
    ProvServer(const ProvServer&) = delete;
    ProvServer& operator=(const ProvServer&) = delete;

    Status start(const std::string& service_name);
    void stop();
    bool running() const { return poller_ != 0; }
    // Called after a client's session was closed (the client went away).
    void on_session_closed(std::function<void(uint32_t)> fn) { on_closed_ = std::move(fn); }

private:
    void poll();

    EventLoop& loop_;
    hal::ProvTransport& transport_;
    Protocomm& protocomm_;
    uint32_t poller_ = 0;
    std::function<void(uint32_t)> on_closed_;
};

}  // namespace fw::prov
