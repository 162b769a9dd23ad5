#pragma once
// The provisioning conversation (esp_prov's prov/ and wifi_* helpers): version, session, scan,
// custom data, Wi-Fi config and status, over any Transport and security scheme.
#include <stdexcept>
#include <string>
#include <vector>

#include "firmware/prov/config_endpoint.h"
#include "hal/wifi.h"
#include "tools/src/prov/sec_client.h"
#include "tools/src/prov/transport.h"

namespace provcli {

// The device answered, but with a non-success status.
struct DeviceError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class ProvClient {
public:
    ProvClient(Transport& t, SecClient& sec) : t_(t), sec_(sec) {}

    void establish() { sec_.establish(t_); }
    std::vector<hal::WifiAp> scan();
    // Sends app data to a custom endpoint; returns the device's answer.
    std::string custom_data(const std::string& data, const std::string& endpoint = "custom-data");
    void set_config(const std::string& ssid, const std::string& passphrase);
    void apply_config();
    fw::prov::WifiStatus get_status();
    // prov-ctrl; throw DeviceError when the device refuses.
    void ctrl_reset();
    void ctrl_reprov();

private:
    std::vector<uint8_t> call(const std::string& endpoint, std::vector<uint8_t> plain);
    void ctrl(int cmd, const char* what);

    Transport& t_;
    SecClient& sec_;
};

// proto-ver's plaintext JSON (needs no session).
std::string get_version(Transport& t);

const char* station_state_name(fw::prov::WifiStatus::State s);
const char* fail_reason_name(fw::prov::WifiStatus::FailReason r);

}  // namespace provcli
