#pragma once
// The simulated radio: which networks are on the air, their passwords, and scripted outages, read
// from the JSON file the device process is given (ChipEnv::radio_path):
//
//   {"networks": [{"ssid": "HomeNet", "password": "secret123", "auth": "wpa2", "rssi": -55,
//                  "channel": 6, "bssid": "aa:bb:cc:dd:ee:01"}],
//    "outages": [{"at_s": 30, "for_s": 10}],
//    "join_ms": 100}
//
// networks[].auth: open | wep | wpa | wpa2 | wpa_wpa2 | wpa3 (default: wpa2 with a password,
// open without); rssi (default -50), channel (default 1), bssid (default 02:00:00:00:00:<n>) and
// "assoc_fail": true (the AP refuses association) are optional. outages[] times are seconds since
// power-on (this process's hal::Clock); an outage may name one "ssid", else every network is off
// the air. join_ms is how long a join takes (default 100). Unknown keys are errors, so a typo
// does not silently change the scenario.
//
// Behaviour, as an ESP32 station reports it: connect() answers later with Connected, or
// Disconnected with NoApFound (no such network on the air now), AuthFail (wrong password) or
// AssocFail. When an outage starts the link drops (Disconnected BeaconTimeout); reconnecting works
// again once it is over. disconnect() reports AssocLeave. Link changes are passed to `on_link` (the
// POSIX Net's set_link_up), so sockets fail while the radio is down, as on a chip; the link starts
// down.
//
// With an IoWait, a timerfd wakes the event loop when a join completes or an outage starts; the
// owner must then drain poll_event().
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "hal/clock.h"
#include "hal/wifi.h"
#include "hal_posix/io_wait.h"

namespace hal_posix {

class SimWifi : public hal::Wifi {
public:
    struct Network {
        std::string ssid;
        std::string password;
        hal::WifiAuth auth = hal::WifiAuth::Wpa2Psk;
        int8_t rssi = -50;
        uint8_t channel = 1;
        uint8_t bssid[6] = {};
        bool assoc_fail = false;
    };
    struct Outage {
        uint64_t at_ms = 0;
        uint64_t for_ms = 0;
        std::string ssid;  // empty: every network
    };
    struct Environment {
        std::vector<Network> networks;
        std::vector<Outage> outages;
        uint32_t join_ms = 100;
    };

    // Parse the radio description; false with a message naming the offending field.
    static bool parse(const std::string& json_text, Environment& out, std::string& err);
    static bool load_file(const std::string& path, Environment& out, std::string& err);

    using LinkFn = std::function<void(bool up)>;
    // `io` may be null (tests with a manual clock poll on their own).
    SimWifi(hal::Clock& clock, IoWait* io, Environment env, LinkFn on_link = {});
    ~SimWifi() override;
    SimWifi(const SimWifi&) = delete;
    SimWifi& operator=(const SimWifi&) = delete;

    hal::Status scan(std::vector<hal::WifiAp>& out) override;
    hal::Status connect(const std::string& ssid, const std::string& passphrase) override;
    void disconnect() override;
    bool poll_event(hal::WifiEvent& ev) override;
    int8_t rssi() override;

    bool connected() const { return connected_ >= 0; }

private:
    bool on_air(const Network& n, uint64_t now_ms) const;
    void advance();
    void finish_join();
    void set_link(bool up);
    void arm_timer();
    void push(hal::WifiEvent::Kind kind, hal::WifiReason reason);

    hal::Clock& clock_;
    IoWait* io_;
    Environment env_;
    LinkFn on_link_;
    int timer_fd_ = -1;
    std::deque<hal::WifiEvent> events_;
    int connected_ = -1;  // index into env_.networks
    bool joining_ = false;
    uint64_t join_due_ms_ = 0;
    std::string join_ssid_, join_pass_;
};

}  // namespace hal_posix
