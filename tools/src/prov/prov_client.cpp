#include "tools/src/prov/prov_client.h"

#include <algorithm>

#include "firmware/prov/pb.h"
#include "firmware/prov/proto/wifi_config.pb-c.h"
#include "firmware/prov/proto/wifi_ctrl.pb-c.h"
#include "firmware/prov/proto/wifi_scan.pb-c.h"

namespace provcli {
namespace {

using fw::prov::pb_bytes;
using fw::prov::pb_pack;
using fw::prov::pb_string;
using fw::prov::pb_unpack;
using fw::prov::PbPtr;
using fw::prov::WifiStatus;

// Entries asked for per ScanResult, as esp_prov does.
constexpr uint32_t kScanChunk = 4;

void check(::Status st, const char* what) {
    if (st != STATUS__Success)
        throw DeviceError(std::string(what) + " failed on the device (status " + std::to_string(st) + ")");
}

}  // namespace

std::vector<uint8_t> ProvClient::call(const std::string& endpoint, std::vector<uint8_t> plain) {
    sec_.encrypt(plain);
    std::vector<uint8_t> out = t_.send(endpoint, plain);
    sec_.decrypt(out);
    return out;
}

std::string get_version(Transport& t) {
    static const std::string kProbe = "---";
    std::vector<uint8_t> out = t.send("proto-ver", std::vector<uint8_t>(kProbe.begin(), kProbe.end()));
    return std::string(out.begin(), out.end());
}

std::vector<hal::WifiAp> ProvClient::scan() {
    auto scan_call = [this](WiFiScanPayload& req, WiFiScanPayload__PayloadCase want) {
        auto resp = pb_unpack<WiFiScanPayload>(wi_fi_scan_payload__descriptor, call("prov-scan", pb_pack(&req.base)));
        if (!resp || resp->payload_case != want) throw DeviceError("bad scan answer");
        check(resp->status, "scan");
        return resp;
    };
    CmdScanStart start = CMD_SCAN_START__INIT;
    start.blocking = true;
    start.period_ms = 120;
    WiFiScanPayload req = WI_FI_SCAN_PAYLOAD__INIT;
    req.msg = WI_FI_SCAN_MSG_TYPE__TypeCmdScanStart;
    req.payload_case = WI_FI_SCAN_PAYLOAD__PAYLOAD_CMD_SCAN_START;
    req.cmd_scan_start = &start;
    scan_call(req, WI_FI_SCAN_PAYLOAD__PAYLOAD_RESP_SCAN_START);

    CmdScanStatus status = CMD_SCAN_STATUS__INIT;
    req = WI_FI_SCAN_PAYLOAD__INIT;
    req.msg = WI_FI_SCAN_MSG_TYPE__TypeCmdScanStatus;
    req.payload_case = WI_FI_SCAN_PAYLOAD__PAYLOAD_CMD_SCAN_STATUS;
    req.cmd_scan_status = &status;
    auto st = scan_call(req, WI_FI_SCAN_PAYLOAD__PAYLOAD_RESP_SCAN_STATUS);
    if (!st->resp_scan_status->scan_finished) throw DeviceError("the scan did not finish");
    uint32_t total = st->resp_scan_status->result_count;

    std::vector<hal::WifiAp> aps;
    for (uint32_t start_index = 0; start_index < total; start_index += kScanChunk) {
        CmdScanResult cmd = CMD_SCAN_RESULT__INIT;
        cmd.start_index = start_index;
        cmd.count = std::min(kScanChunk, total - start_index);
        req = WI_FI_SCAN_PAYLOAD__INIT;
        req.msg = WI_FI_SCAN_MSG_TYPE__TypeCmdScanResult;
        req.payload_case = WI_FI_SCAN_PAYLOAD__PAYLOAD_CMD_SCAN_RESULT;
        req.cmd_scan_result = &cmd;
        auto r = scan_call(req, WI_FI_SCAN_PAYLOAD__PAYLOAD_RESP_SCAN_RESULT);
        for (size_t i = 0; i < r->resp_scan_result->n_entries; ++i) {
            const WiFiScanResult& e = *r->resp_scan_result->entries[i];
            hal::WifiAp ap{pb_string(e.ssid),
                           {},
                           static_cast<int8_t>(e.rssi),
                           static_cast<uint8_t>(e.channel),
                           static_cast<hal::WifiAuth>(e.auth)};
            if (e.bssid.len == sizeof ap.bssid) std::copy(e.bssid.data, e.bssid.data + e.bssid.len, ap.bssid);
            aps.push_back(ap);
        }
    }
    return aps;
}

std::string ProvClient::custom_data(const std::string& data, const std::string& endpoint) {
    std::vector<uint8_t> out = call(endpoint, std::vector<uint8_t>(data.begin(), data.end()));
    return std::string(out.begin(), out.end());
}

namespace {

PbPtr<WiFiConfigPayload> config_answer(const std::vector<uint8_t>& raw, WiFiConfigPayload__PayloadCase want) {
    auto resp = pb_unpack<WiFiConfigPayload>(wi_fi_config_payload__descriptor, raw);
    if (!resp || resp->payload_case != want) throw DeviceError("bad prov-config answer");
    return resp;
}

}  // namespace

void ProvClient::set_config(const std::string& ssid, const std::string& passphrase) {
    CmdSetConfig cmd = CMD_SET_CONFIG__INIT;
    cmd.ssid = pb_bytes(ssid);
    cmd.passphrase = pb_bytes(passphrase);
    WiFiConfigPayload req = WI_FI_CONFIG_PAYLOAD__INIT;
    req.msg = WI_FI_CONFIG_MSG_TYPE__TypeCmdSetConfig;
    req.payload_case = WI_FI_CONFIG_PAYLOAD__PAYLOAD_CMD_SET_CONFIG;
    req.cmd_set_config = &cmd;
    auto resp = config_answer(call("prov-config", pb_pack(&req.base)), WI_FI_CONFIG_PAYLOAD__PAYLOAD_RESP_SET_CONFIG);
    check(resp->resp_set_config->status, "SetConfig");
}

void ProvClient::apply_config() {
    CmdApplyConfig cmd = CMD_APPLY_CONFIG__INIT;
    WiFiConfigPayload req = WI_FI_CONFIG_PAYLOAD__INIT;
    req.msg = WI_FI_CONFIG_MSG_TYPE__TypeCmdApplyConfig;
    req.payload_case = WI_FI_CONFIG_PAYLOAD__PAYLOAD_CMD_APPLY_CONFIG;
    req.cmd_apply_config = &cmd;
    auto resp = config_answer(call("prov-config", pb_pack(&req.base)), WI_FI_CONFIG_PAYLOAD__PAYLOAD_RESP_APPLY_CONFIG);
    check(resp->resp_apply_config->status, "ApplyConfig");
}

WifiStatus ProvClient::get_status() {
    CmdGetStatus cmd = CMD_GET_STATUS__INIT;
    WiFiConfigPayload req = WI_FI_CONFIG_PAYLOAD__INIT;
    req.msg = WI_FI_CONFIG_MSG_TYPE__TypeCmdGetStatus;
    req.payload_case = WI_FI_CONFIG_PAYLOAD__PAYLOAD_CMD_GET_STATUS;
    req.cmd_get_status = &cmd;
    auto resp = config_answer(call("prov-config", pb_pack(&req.base)), WI_FI_CONFIG_PAYLOAD__PAYLOAD_RESP_GET_STATUS);
    const RespGetStatus& r = *resp->resp_get_status;
    check(r.status, "GetStatus");
    WifiStatus s;
    s.state = static_cast<WifiStatus::State>(r.sta_state);
    if (r.state_case == RESP_GET_STATUS__STATE_FAIL_REASON) {
        s.has_fail_reason = true;
        s.fail_reason = static_cast<WifiStatus::FailReason>(r.fail_reason);
    } else if (r.state_case == RESP_GET_STATUS__STATE_ATTEMPT_FAILED) {
        s.has_attempts_remaining = true;
        s.attempts_remaining = r.attempt_failed->attempts_remaining;
    } else if (r.state_case == RESP_GET_STATUS__STATE_CONNECTED) {
        s.ssid = pb_string(r.connected->ssid);
    }
    return s;
}

// Sends a prov-ctrl command as esp_prov's wifi_ctrl.py does: the message type alone.
void ProvClient::ctrl(int cmd, const char* what) {
    WiFiCtrlPayload req = WI_FI_CTRL_PAYLOAD__INIT;
    req.msg = static_cast<WiFiCtrlMsgType>(cmd);
    auto resp = pb_unpack<WiFiCtrlPayload>(wi_fi_ctrl_payload__descriptor, call("prov-ctrl", pb_pack(&req.base)));
    if (!resp || resp->msg != cmd + 1) throw DeviceError("bad prov-ctrl answer");
    check(resp->status, what);
}

void ProvClient::ctrl_reset() { ctrl(WI_FI_CTRL_MSG_TYPE__TypeCmdCtrlReset, "CtrlReset"); }

void ProvClient::ctrl_reprov() { ctrl(WI_FI_CTRL_MSG_TYPE__TypeCmdCtrlReprov, "CtrlReprov"); }

const char* station_state_name(WifiStatus::State s) {
    switch (s) {
        case WifiStatus::State::Connected: return "Connected";
        case WifiStatus::State::Connecting: return "Connecting";
        case WifiStatus::State::Disconnected: return "Disconnected";
        case WifiStatus::State::ConnectionFailed: return "Connection Failed";
    }
    return "Unknown";
}

const char* fail_reason_name(WifiStatus::FailReason r) {
    switch (r) {
        case WifiStatus::FailReason::AuthError: return "Auth Error";
        case WifiStatus::FailReason::NetworkNotFound: return "Network Not Found";
    }
    return "Unknown";
}

}  // namespace provcli
