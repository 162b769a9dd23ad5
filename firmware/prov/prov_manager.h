#pragma once
// Wi-Fi provisioning manager (ESP-IDF wifi_prov_mgr): owns the station's credentials lifecycle.
//
//   Unprovisioned --start(), nothing stored--> Provisioning --ApplyConfig--> Connecting
//   Connecting --joined--> Connected (credentials committed to the store only now)
//   Connecting --wrong password / no such network--> Provisioning (GetStatus tells the client
//       why, and it may send SetConfig + ApplyConfig again without a reboot)
//   start() with stored credentials --> Connecting, retried with backoff; only after
//       max_boot_failures definite failures (AuthFail / NoApFound) before any successful join
//       does it fall back to Provisioning, and it keeps retrying the stored network now and then
//   Connected --link lost (outage)--> Connecting, retried with backoff for ever (transient)
//   factory_reset(): erase credentials --> Provisioning
//
// Everything runs from the EventLoop; nothing blocks except a hal::Wifi scan. Credentials and the
// PoP are never logged.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "firmware/core/backoff.h"
#include "firmware/core/event_loop.h"
#include "firmware/prov/config_endpoint.h"
#include "firmware/prov/credential_store.h"
#include "firmware/prov/ctrl_endpoint.h"
#include "firmware/prov/protocomm.h"
#include "firmware/prov/prov_server.h"
#include "firmware/prov/scan_endpoint.h"
#include "firmware/prov/security.h"
#include "firmware/prov/security2.h"
#include "hal/prov_transport.h"
#include "hal/rng.h"
#include "hal/wifi.h"

namespace fw::prov {

struct ProvManagerConfig {
    uint8_t sec_ver = 1;
    std::string pop;    // proof of possession (security 1); empty: none
    Sec2Verifier sec2;  // security 2's salt and verifier
    std::string service_name = "PROV_DEVICE";
    uint32_t max_boot_failures = 5;  // definite failures of the stored network before provisioning
    uint32_t prov_max_attempts = 3;  // attempts at a freshly applied network on transient failures
    uint32_t backoff_base_ms = 1000;
    uint32_t backoff_cap_ms = 60000;
    uint32_t backoff_floor_ms = 250;
    uint32_t stop_grace_ms = 5000;     // service stays up after success so the client reads it
    uint32_t stored_retry_ms = 60000;  // stored-network retry period while provisioning
};

class ProvManager : public ConfigHandlers, public ScanHandlers, public CtrlHandlers {
public:
    enum class State : uint8_t { Unprovisioned, Provisioning, Connecting, Connected };

    ProvManager(EventLoop& loop, hal::Wifi& wifi, hal::ProvTransport& transport, hal::Rng& rng, CredentialStore& store,
                ProvManagerConfig config);
    ~ProvManager() override;
    ProvManager(const ProvManager&) = delete;
    ProvManager& operator=(const ProvManager&) = delete;

    // Joins the stored network, or starts provisioning when there is none.
    Status start();
    // Erases the credentials and returns to provisioning (console command, reset button).
    void factory_reset();

    State state() const { return state_; }
    static const char* state_name(State s);
    bool service_running() const { return server_ && server_->running(); }
    const std::string& custom_data() const { return custom_data_; }
    void on_state_change(std::function<void(State)> fn) { on_state_ = std::move(fn); }
    void on_custom_data(std::function<void(const std::string&)> fn) { on_custom_ = std::move(fn); }

    // ConfigHandlers (prov-config)
    WifiStatus get_status() override { return status_; }
    Status set_config(const WifiCredentials& creds) override;
    Status apply_config() override;
    // ScanHandlers (prov-scan)
    Status scan_start(bool blocking, bool passive, uint32_t group_channels, uint32_t period_ms) override;
    bool scan_finished() override { return scan_done_; }
    const std::vector<hal::WifiAp>& scan_results() override { return scan_; }
    // CtrlHandlers (prov-ctrl)
    Status ctrl_reset() override;
    Status ctrl_reprov() override;

private:
    // What the radio is joining: the known-good (stored) network or one just applied.
    enum class Join : uint8_t { None, Known, Applied };

    void set_state(State s);
    void enter_provisioning();
    void join(Join kind);
    void retry(Join kind, uint32_t delay_ms);
    void poll_wifi();
    void joined();
    void join_failed(Join kind, hal::WifiReason reason);
    void link_lost(hal::WifiReason reason);
    void arm_background_retry();
    void schedule_service_stop(uint32_t delay_ms);
    void cancel_timers();

    EventLoop& loop_;
    hal::Wifi& wifi_;
    CredentialStore& store_;
    ProvManagerConfig cfg_;
    Backoff backoff_;
    std::unique_ptr<Security> security_;
    std::unique_ptr<Protocomm> protocomm_;
    std::unique_ptr<ProvServer> server_;
    uint32_t wifi_poller_ = 0;

    State state_ = State::Unprovisioned;
    Join joining_ = Join::None;
    WifiCredentials known_;  // stored (or just committed) network
    bool has_known_ = false;
    WifiCredentials pending_;  // from SetConfig, until applied
    bool has_pending_ = false;
    WifiCredentials applied_;
    bool connected_once_ = false;
    uint32_t definite_failures_ = 0;
    uint32_t applied_attempts_ = 0;
    WifiStatus status_;
    std::vector<hal::WifiAp> scan_;
    bool scan_done_ = false;
    std::string custom_data_;
    EventLoop::TimerId retry_timer_ = EventLoop::kNoTimer;
    EventLoop::TimerId stop_timer_ = EventLoop::kNoTimer;
    std::function<void(State)> on_state_;
    std::function<void(const std::string&)> on_custom_;
};

}  // namespace fw::prov
