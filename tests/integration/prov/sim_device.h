#pragma once
// A provisioning device on the POSIX HAL in its own thread: real clock, SoftAP or BLE-like
// transport on loopback, the simulated radio from a JSON text, and the firmware's manager driven
// by its event loop. The test talks to it only through the transport, as a phone would.
#include <atomic>
#include <cstdint>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "firmware/prov/credential_store.h"
#include "firmware/prov/prov_manager.h"

namespace provit {

enum class Link { SoftAp, Ble };

class SimDevice {
public:
    using State = fw::prov::ProvManager::State;

    SimDevice(Link link, std::string radio_json, fw::prov::ProvManagerConfig cfg);
    ~SimDevice();
    SimDevice(const SimDevice&) = delete;
    SimDevice& operator=(const SimDevice&) = delete;

    // Credentials present at boot (call before start()).
    void preload(const fw::prov::WifiCredentials& c) { (void)store_.save(c); }
    // Boots the device; returns once its provisioning service (if any) is listening.
    void start();
    void stop();

    // "127.0.0.1:<port>" or the Unix socket path.
    const std::string& service_name() const { return service_; }
    State state() const { return state_.load(); }
    int joins() const { return joins_.load(); }  // times the device reached Connected
    int link_downs() const { return link_downs_.load(); }
    // Waits (real time) until `pred` holds; false on timeout.
    template <class Pred>
    bool wait_for(Pred pred, int timeout_ms = 10000) const {
        for (int t = 0; t < timeout_ms; t += 10) {
            if (pred()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return pred();
    }
    // After stop(): what the device stored and logged.
    fw::prov::MemCredentialStore& store() { return store_; }
    std::vector<std::string> log_lines() const;

private:
    void run(std::promise<std::string> ready);

    Link link_;
    std::string radio_json_;
    fw::prov::ProvManagerConfig cfg_;
    fw::prov::MemCredentialStore store_;
    std::string service_;
    std::string ble_dir_;
    std::thread thread_;
    std::atomic<bool> stop_{false};
    std::atomic<State> state_{State::Unprovisioned};
    std::atomic<int> joins_{0};
    std::atomic<int> link_downs_{0};
    mutable std::mutex log_mutex_;
    std::vector<std::string> log_;
};

}  // namespace provit
