// The endpoints fed the exact plaintext bytes Espressif's esp_prov sends (ESP-IDF 5.x,
// tools/esp_prov/prov/*.py, serialized with Python protobuf), not what our own client sends.
// ESP-IDF's device code (wifi_config.c, wifi_scan.c, wifi_ctrl.c: *_cmd_dispatcher) dispatches
// on the message type alone; esp_prov leaves empty sub-messages unset.
#include <gtest/gtest.h>

#include "firmware/prov/config_endpoint.h"
#include "firmware/prov/ctrl_endpoint.h"
#include "firmware/prov/pb.h"
#include "firmware/prov/proto/wifi_config.pb-c.h"
#include "firmware/prov/proto/wifi_ctrl.pb-c.h"
#include "firmware/prov/proto/wifi_scan.pb-c.h"
#include "firmware/prov/scan_endpoint.h"
#include "prov_fakes.h"

namespace idf_wire {

using fw::prov::pb_unpack;
using provtest::unhex;

// wifi_prov.py config_get_status_request: cmd_get_status.MergeFrom(empty) marks it present.
const char* kGetStatus = "5200";
// wifi_prov.py config_set_config_request(ssid="LabNet", passphrase="pw123456").
const char* kSetConfig = "080262120a064c61624e657412087077313233343536";
// wifi_prov.py config_apply_config_request: the type only.
const char* kApplyConfig = "0804";
// wifi_scan.py scan_start_request(blocking=True, group_channels=5) as esp_prov.py's
// scan_wifi_APs sends it over SoftAP (passive=False, period_ms=120).
const char* kScanStartSoftAp = "5206080118052078";
// wifi_scan.py scan_status_request: the type only.
const char* kScanStatus = "0802";
// wifi_scan.py scan_result_request(index=0, count=4).
const char* kScanResult = "080472021004";
// wifi_ctrl.py ctrl_reset_request / ctrl_reprov_request: the type only.
const char* kCtrlReset = "0801";
const char* kCtrlReprov = "0803";

struct Config : fw::prov::ConfigHandlers {
    int status_calls = 0, set_calls = 0, apply_calls = 0;
    fw::prov::WifiCredentials last;
    fw::prov::WifiStatus get_status() override {
        ++status_calls;
        return {};
    }
    fw::Status set_config(const fw::prov::WifiCredentials& c) override {
        ++set_calls;
        last = c;
        return fw::ok_status();
    }
    fw::Status apply_config() override {
        ++apply_calls;
        return fw::ok_status();
    }
};

struct Scan : fw::prov::ScanHandlers {
    std::vector<hal::WifiAp> aps{{"LabNet", {2, 0, 0, 0, 0, 1}, -40, 6, hal::WifiAuth::Wpa2Psk},
                                 {"Guest", {2, 0, 0, 0, 0, 2}, -70, 11, hal::WifiAuth::Open}};
    bool blocking = false, passive = true;
    uint32_t group = 0, period = 0;
    fw::Status scan_start(bool b, bool p, uint32_t g, uint32_t ms) override {
        blocking = b, passive = p, group = g, period = ms;
        return fw::ok_status();
    }
    bool scan_finished() override { return true; }
    const std::vector<hal::WifiAp>& scan_results() override { return aps; }
};

struct Ctrl : fw::prov::CtrlHandlers {
    int resets = 0, reprovs = 0;
    fw::Status result = fw::ok_status();
    fw::Status ctrl_reset() override {
        ++resets;
        return result;
    }
    fw::Status ctrl_reprov() override {
        ++reprovs;
        return result;
    }
};

std::vector<uint8_t> call(const fw::prov::Protocomm::Handler& h, const std::string& hex) {
    std::vector<uint8_t> out;
    EXPECT_TRUE(h(1, unhex(hex), out).ok()) << hex;
    return out;
}

TEST(EspProvBytes, ConfigCommands) {
    Config cfg;
    auto h = fw::prov::make_config_handler(cfg);

    auto r = pb_unpack<WiFiConfigPayload>(wi_fi_config_payload__descriptor, call(h, kGetStatus));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->msg, WI_FI_CONFIG_MSG_TYPE__TypeRespGetStatus);
    EXPECT_EQ(cfg.status_calls, 1);

    r = pb_unpack<WiFiConfigPayload>(wi_fi_config_payload__descriptor, call(h, kSetConfig));
    ASSERT_TRUE(r);
    ASSERT_EQ(r->payload_case, WI_FI_CONFIG_PAYLOAD__PAYLOAD_RESP_SET_CONFIG);
    EXPECT_EQ(r->resp_set_config->status, STATUS__Success);
    EXPECT_EQ(cfg.last.ssid, "LabNet");
    EXPECT_EQ(cfg.last.passphrase, "pw123456");

    r = pb_unpack<WiFiConfigPayload>(wi_fi_config_payload__descriptor, call(h, kApplyConfig));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->msg, WI_FI_CONFIG_MSG_TYPE__TypeRespApplyConfig);
    ASSERT_EQ(r->payload_case, WI_FI_CONFIG_PAYLOAD__PAYLOAD_RESP_APPLY_CONFIG);
    EXPECT_EQ(r->resp_apply_config->status, STATUS__Success);
    EXPECT_EQ(cfg.apply_calls, 1);
}

TEST(EspProvBytes, EmptyPayloadIsGetStatus) {
    // A client that does not mark the empty GetStatus present sends nothing at all (msg 0).
    Config cfg;
    auto h = fw::prov::make_config_handler(cfg);
    std::vector<uint8_t> out;
    ASSERT_TRUE(h(1, {}, out).ok());
    EXPECT_EQ(cfg.status_calls, 1);
}

TEST(EspProvBytes, SetConfigChecksBssidLengthAsEspIdf) {
    Config cfg;
    auto h = fw::prov::make_config_handler(cfg);
    // SetConfig {ssid "LabNet", bssid 3 bytes}: ESP-IDF answers InvalidArgument without calling on.
    auto r =
        pb_unpack<WiFiConfigPayload>(wi_fi_config_payload__descriptor, call(h, "0802620d0a064c61624e65741a03010203"));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->resp_set_config->status, STATUS__InvalidArgument);
    EXPECT_EQ(cfg.set_calls, 0);
}

TEST(EspProvBytes, UnknownConfigTypeIsRefused) {
    Config cfg;
    auto h = fw::prov::make_config_handler(cfg);
    std::vector<uint8_t> out;
    EXPECT_EQ(h(1, unhex("0809"), out).err(), fw::Err::Protocol);
    EXPECT_EQ(h(1, unhex("0805"), out).err(), fw::Err::Protocol);  // a response type
}

TEST(EspProvBytes, ScanCommands) {
    Scan scan;
    auto h = fw::prov::make_scan_handler(scan);

    auto r = pb_unpack<WiFiScanPayload>(wi_fi_scan_payload__descriptor, call(h, kScanStartSoftAp));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->msg, WI_FI_SCAN_MSG_TYPE__TypeRespScanStart);
    EXPECT_EQ(r->status, STATUS__Success);
    EXPECT_TRUE(scan.blocking);
    EXPECT_FALSE(scan.passive);
    EXPECT_EQ(scan.group, 5u);
    EXPECT_EQ(scan.period, 120u);

    r = pb_unpack<WiFiScanPayload>(wi_fi_scan_payload__descriptor, call(h, kScanStatus));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->msg, WI_FI_SCAN_MSG_TYPE__TypeRespScanStatus);
    ASSERT_EQ(r->payload_case, WI_FI_SCAN_PAYLOAD__PAYLOAD_RESP_SCAN_STATUS);
    EXPECT_TRUE(r->resp_scan_status->scan_finished);
    EXPECT_EQ(r->resp_scan_status->result_count, 2u);

    // esp_prov asks for min(remaining, readlen) entries; with 2 results it asks for 2.
    r = pb_unpack<WiFiScanPayload>(wi_fi_scan_payload__descriptor, call(h, "080472021002"));
    ASSERT_TRUE(r);
    ASSERT_EQ(r->payload_case, WI_FI_SCAN_PAYLOAD__PAYLOAD_RESP_SCAN_RESULT);
    ASSERT_EQ(r->resp_scan_result->n_entries, 2u);
    EXPECT_EQ(fw::prov::pb_string(r->resp_scan_result->entries[1]->ssid), "Guest");

    // Asking beyond the results is answered with an error status, not a refusal.
    r = pb_unpack<WiFiScanPayload>(wi_fi_scan_payload__descriptor, call(h, kScanResult));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, STATUS__InvalidArgument);
}

TEST(EspProvBytes, ScanStartWithoutSubMessageUsesDefaults) {
    Scan scan;
    auto h = fw::prov::make_scan_handler(scan);
    call(h, "");  // msg 0 = ScanStart, nothing else
    EXPECT_FALSE(scan.blocking);
    EXPECT_FALSE(scan.passive);
    EXPECT_EQ(scan.period, 0u);
}

TEST(EspProvBytes, CtrlCommands) {
    Ctrl ctrl;
    auto h = fw::prov::make_ctrl_handler(ctrl);
    auto r = pb_unpack<WiFiCtrlPayload>(wi_fi_ctrl_payload__descriptor, call(h, kCtrlReset));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->msg, WI_FI_CTRL_MSG_TYPE__TypeRespCtrlReset);
    EXPECT_EQ(r->status, STATUS__Success);
    EXPECT_EQ(r->payload_case, WI_FI_CTRL_PAYLOAD__PAYLOAD_RESP_CTRL_RESET);
    r = pb_unpack<WiFiCtrlPayload>(wi_fi_ctrl_payload__descriptor, call(h, kCtrlReprov));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->msg, WI_FI_CTRL_MSG_TYPE__TypeRespCtrlReprov);
    EXPECT_EQ(r->payload_case, WI_FI_CTRL_PAYLOAD__PAYLOAD_RESP_CTRL_REPROV);
    EXPECT_EQ(ctrl.resets, 1);
    EXPECT_EQ(ctrl.reprovs, 1);

    // A refusal is an answer with InternalError, as ESP-IDF's handlers give (esp_prov raises).
    ctrl.result = fw::Err::BadState;
    r = pb_unpack<WiFiCtrlPayload>(wi_fi_ctrl_payload__descriptor, call(h, kCtrlReset));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, STATUS__InternalError);

    std::vector<uint8_t> out;
    EXPECT_EQ(h(1, unhex("0802"), out).err(), fw::Err::Protocol);
    EXPECT_EQ(h(1, unhex("0800"), out).err(), fw::Err::Protocol);
}

}  // namespace idf_wire
