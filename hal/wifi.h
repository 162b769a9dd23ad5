#pragma once
// Wi-Fi station. Connection results and link changes arrive as events (polled), carrying
// ESP-IDF's disconnect reason codes so logs and provisioning clients see familiar numbers.
#include <cstdint>
#include <string>
#include <vector>

#include "hal/status.h"

namespace hal {

enum class WifiAuth : uint8_t { Open = 0, Wep = 1, WpaPsk = 2, Wpa2Psk = 3, WpaWpa2Psk = 4, Wpa3Psk = 6 };

// Subset of ESP-IDF's wifi_err_reason_t.
enum class WifiReason : uint8_t {
    None = 0,
    AssocLeave = 8,
    BeaconTimeout = 200,
    NoApFound = 201,
    AuthFail = 202,
    AssocFail = 203,
    HandshakeTimeout = 204,
};

struct WifiAp {
    std::string ssid;
    uint8_t bssid[6];
    int8_t rssi;
    uint8_t channel;
    WifiAuth auth;
};

struct WifiEvent {
    enum class Kind : uint8_t { Connected, Disconnected } kind;
    WifiReason reason;  // for Disconnected
};

class Wifi {
public:
    virtual ~Wifi() = default;
    // Blocking scan of the air; fills `out`.
    virtual Status scan(std::vector<WifiAp>& out) = 0;
    // Starts joining; the outcome arrives as a Connected or Disconnected(reason) event.
    virtual Status connect(const std::string& ssid, const std::string& passphrase) = 0;
    virtual void disconnect() = 0;
    // Pops the next pending event; false when none.
    virtual bool poll_event(WifiEvent& ev) = 0;
    // RSSI of the current link, or 0 when not connected.
    virtual int8_t rssi() = 0;
};

}  // namespace hal
