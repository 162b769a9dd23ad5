// prov: provisions a device over its SoftAP (HTTP) or BLE-like transport, as esp_prov.py does.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "hal_posix/posix_rng.h"
#include "tools/src/prov/options.h"
#include "tools/src/prov/prov_client.h"
#include "tools/src/prov/sec2_credentials.h"

namespace provcli {
namespace {

constexpr int kExitOk = 0, kExitError = 1, kExitFailed = 2, kExitTimeout = 3;
constexpr int kLinkTimeoutMs = 10000;

const char* auth_name(hal::WifiAuth a) {
    switch (a) {
        case hal::WifiAuth::Open: return "Open";
        case hal::WifiAuth::Wep: return "WEP";
        case hal::WifiAuth::WpaPsk: return "WPA_PSK";
        case hal::WifiAuth::Wpa2Psk: return "WPA2_PSK";
        case hal::WifiAuth::WpaWpa2Psk: return "WPA_WPA2_PSK";
        case hal::WifiAuth::Wpa3Psk: return "WPA3_PSK";
    }
    return "?";
}

struct Negotiated {
    int sec_ver = 0;
    int sec_patch_ver = 0;
};

// Reads proto-ver and settles the security scheme: the one asked for, else the device's.
Negotiated negotiate(Transport& t, const Options& o) {
    std::string text = get_version(t);
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.contains("prov") || !j["prov"].is_object())
        throw SessionError("proto-ver answer is not the expected JSON: " + text);
    const auto& prov = j["prov"];
    std::string ver = prov.value("ver", std::string("?"));
    int device_sec = prov.contains("sec_ver") && prov["sec_ver"].is_number_integer() ? prov["sec_ver"].get<int>() : -1;
    std::printf("==== Device protocol %s, security %d ====\n", ver.c_str(), device_sec);
    int sec = o.sec_ver >= 0 ? o.sec_ver : device_sec;
    if (sec < 0 || sec > 2) throw SessionError("unsupported security scheme " + std::to_string(sec));
    if (device_sec >= 0 && device_sec != sec)
        throw SessionError("security scheme mismatch: the device uses " + std::to_string(device_sec) + ", asked for " +
                           std::to_string(sec));
    bool no_pop = false;
    if (prov.contains("cap") && prov["cap"].is_array())
        for (const auto& c : prov["cap"]) no_pop = no_pop || c == "no_pop";
    if (sec == 1 && !no_pop && o.pop.empty()) throw SessionError("the device needs a proof of possession: give --pop");
    if (sec == 2 && (o.sec2_username.empty() || o.sec2_pwd.empty()))
        throw SessionError("security 2 needs --sec2_username and --sec2_pwd");
    int patch = prov.contains("sec_patch_ver") && prov["sec_patch_ver"].is_number_integer()
                    ? prov["sec_patch_ver"].get<int>()
                    : 0;
    return Negotiated{sec, patch};
}

std::string mac(const uint8_t b[6]) {
    char s[18];
    std::snprintf(s, sizeof s, "%02x:%02x:%02x:%02x:%02x:%02x", b[0], b[1], b[2], b[3], b[4], b[5]);
    return s;
}

void print_scan(const std::vector<hal::WifiAp>& aps) {
    std::printf("==== Wi-Fi Scan List ====\n");
    std::printf("S.N. %-32s %-17s %4s %5s %s\n", "SSID", "BSSID", "CHN", "RSSI", "AUTH");
    for (size_t i = 0; i < aps.size(); ++i) {
        const auto& ap = aps[i];
        std::printf("[%2zu] %-32s %-17s %4u %5d %s\n", i + 1, ap.ssid.c_str(), mac(ap.bssid).c_str(),
                    static_cast<unsigned>(ap.channel), static_cast<int>(ap.rssi), auth_name(ap.auth));
    }
}

// Polls GetStatus until the device leaves Connecting.
int wait_for_join(ProvClient& c, const Options& o) {
    std::printf("==== Wi-Fi connection state ====\n");
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(o.timeout_s);
    for (;;) {
        fw::prov::WifiStatus s = c.get_status();
        if (s.state == fw::prov::WifiStatus::State::Connected) {
            std::printf("++++ WiFi state: %s ++++\n", station_state_name(s.state));
            std::printf("==== Provisioning was successful ====\n");
            return kExitOk;
        }
        if (s.state != fw::prov::WifiStatus::State::Connecting) {
            std::printf("---- WiFi state: %s ----\n", station_state_name(s.state));
            if (s.has_fail_reason) std::printf("---- Reason: %s ----\n", fail_reason_name(s.fail_reason));
            std::printf("==== Provisioning failed ====\n");
            return kExitFailed;
        }
        if (s.has_attempts_remaining)
            std::printf("---- WiFi state: Connecting, attempt failed, %u left ----\n", s.attempts_remaining);
        else
            std::printf("---- WiFi state: Connecting ----\n");
        std::fflush(stdout);
        if (std::chrono::steady_clock::now() >= deadline) {
            std::printf("==== Timed out waiting for the device to join ====\n");
            return kExitTimeout;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(o.poll_ms));
    }
}

int run(const Options& o) {
    std::unique_ptr<Transport> t = o.transport == "softap" ? connect_softap(o.service_name, kLinkTimeoutMs)
                                                           : connect_ble(o.service_name, kLinkTimeoutMs);
    Negotiated n = negotiate(*t, o);
    hal_posix::PosixRng rng;
    std::unique_ptr<SecClient> sec = n.sec_ver == 0 ? make_sec0()
                                     : n.sec_ver == 1
                                         ? make_sec1(o.pop, rng)
                                         : make_sec2(o.sec2_username, o.sec2_pwd, n.sec_patch_ver >= 1, rng);
    ProvClient c(*t, *sec);
    std::printf("==== Starting Session ====\n");
    c.establish();
    std::printf("==== Session Established ====\n");
    if (o.reset || o.reprov) {
        std::printf(o.reset ? "==== Resetting WiFi ====\n" : "==== Reprovisioning WiFi ====\n");
        if (o.reset)
            c.ctrl_reset();
        else
            c.ctrl_reprov();
        std::printf("==== Done ====\n");
        return kExitOk;
    }
    if (o.scan) print_scan(c.scan());
    if (o.has_custom_data) {
        std::printf("==== Sending Custom Data to Target ====\n");
        std::printf("Custom data answer: %s\n", c.custom_data(o.custom_data).c_str());
    }
    if (!o.has_ssid) return kExitOk;
    std::printf("==== Sending Wi-Fi Credentials to Target ====\n");
    c.set_config(o.ssid, o.passphrase);
    std::printf("==== Applying Wi-Fi Config to Target ====\n");
    c.apply_config();
    std::fflush(stdout);
    return wait_for_join(c, o);
}

}  // namespace
}  // namespace provcli

int main(int argc, char** argv) {
    provcli::Options o;
    bool help = false;
    std::string err;
    if (!provcli::parse_options(argc, argv, o, help, err)) {
        std::fprintf(stderr, "prov: %s\n%s", err.c_str(), provcli::kUsage);
        return provcli::kExitError;
    }
    if (help) {
        std::fputs(provcli::kUsage, stdout);
        return provcli::kExitOk;
    }
    if (o.sec2_gen_cred) {
        hal_posix::PosixRng rng;
        auto sv =
            provcli::make_sec2_credentials(o.sec2_username, o.sec2_pwd, static_cast<size_t>(o.sec2_salt_len), rng);
        std::printf("%s\n", provcli::sec2_nvs_json(sv).c_str());
        return provcli::kExitOk;
    }
    try {
        return provcli::run(o);
    } catch (const std::exception& e) {
        std::fflush(stdout);
        std::fprintf(stderr, "prov: error: %s\n", e.what());
        return provcli::kExitError;
    }
}
