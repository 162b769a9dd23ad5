#include "firmware/prov/config_endpoint.h"

#include <cinttypes>

#include "firmware/core/log.h"
#include "firmware/prov/internal/proto_status.h"
#include "firmware/prov/pb.h"
#include "firmware/prov/proto/wifi_config.pb-c.h"

namespace fw::prov {
namespace {

constexpr const char* kTag = "prov-config";

std::vector<uint8_t> get_status(ConfigHandlers& h) {
    WifiStatus s = h.get_status();
    RespGetStatus r;
    resp_get_status__init(&r);  // the INIT macro's union initializer is C-only
    r.status = STATUS__Success;
    r.sta_state = static_cast<WifiStationState>(s.state);
    WifiConnectedState connected = WIFI_CONNECTED_STATE__INIT;
    WifiAttemptFailed attempt = WIFI_ATTEMPT_FAILED__INIT;
    if (s.state == WifiStatus::State::Connected) {
        connected.ssid = pb_bytes(s.ssid);
        r.state_case = RESP_GET_STATUS__STATE_CONNECTED;
        r.connected = &connected;
    } else if (s.has_fail_reason) {
        r.state_case = RESP_GET_STATUS__STATE_FAIL_REASON;
        r.fail_reason = static_cast<WifiConnectFailedReason>(s.fail_reason);
    } else if (s.has_attempts_remaining) {
        attempt.attempts_remaining = s.attempts_remaining;
        r.state_case = RESP_GET_STATUS__STATE_ATTEMPT_FAILED;
        r.attempt_failed = &attempt;
    }
    WiFiConfigPayload out = WI_FI_CONFIG_PAYLOAD__INIT;
    out.msg = WI_FI_CONFIG_MSG_TYPE__TypeRespGetStatus;
    out.payload_case = WI_FI_CONFIG_PAYLOAD__PAYLOAD_RESP_GET_STATUS;
    out.resp_get_status = &r;
    return pb_pack(&out.base);
}

// A BSSID is optional but, when given, is a MAC (ESP-IDF's cmd_set_config_handler checks the same).
constexpr size_t kBssidLen = 6;

std::vector<uint8_t> set_config(ConfigHandlers& h, const CmdSetConfig& cmd) {
    RespSetConfig r = RESP_SET_CONFIG__INIT;
    if (cmd.bssid.len != 0 && cmd.bssid.len != kBssidLen) {
        FW_LOGW(kTag, "SetConfig refused: BSSID of %zu bytes (must be empty or %zu)", cmd.bssid.len, kBssidLen);
        r.status = STATUS__InvalidArgument;
    } else {
        r.status = proto_status(h.set_config(WifiCredentials{pb_string(cmd.ssid), pb_string(cmd.passphrase)}));
    }
    WiFiConfigPayload out = WI_FI_CONFIG_PAYLOAD__INIT;
    out.msg = WI_FI_CONFIG_MSG_TYPE__TypeRespSetConfig;
    out.payload_case = WI_FI_CONFIG_PAYLOAD__PAYLOAD_RESP_SET_CONFIG;
    out.resp_set_config = &r;
    return pb_pack(&out.base);
}

std::vector<uint8_t> apply_config(ConfigHandlers& h) {
    RespApplyConfig r = RESP_APPLY_CONFIG__INIT;
    r.status = proto_status(h.apply_config());
    WiFiConfigPayload out = WI_FI_CONFIG_PAYLOAD__INIT;
    out.msg = WI_FI_CONFIG_MSG_TYPE__TypeRespApplyConfig;
    out.payload_case = WI_FI_CONFIG_PAYLOAD__PAYLOAD_RESP_APPLY_CONFIG;
    out.resp_apply_config = &r;
    return pb_pack(&out.base);
}

}  // namespace

Protocomm::Handler make_config_handler(ConfigHandlers& handlers) {
    // Dispatches on the message type alone, as ESP-IDF's wifi_config.c does: esp_prov sends
    // ApplyConfig (and GetStatus from older clients) without the empty sub-message.
    return [&handlers](uint32_t, const std::vector<uint8_t>& in, std::vector<uint8_t>& out) -> Status {
        auto req = pb_unpack<WiFiConfigPayload>(wi_fi_config_payload__descriptor, in);
        if (!req) {
            FW_LOGW(kTag, "undecodable request");
            return Err::Protocol;
        }
        switch (pb_enum(req->msg)) {
            case WI_FI_CONFIG_MSG_TYPE__TypeCmdGetStatus: out = get_status(handlers); break;
            case WI_FI_CONFIG_MSG_TYPE__TypeCmdSetConfig: {
                static const CmdSetConfig kEmpty = CMD_SET_CONFIG__INIT;
                bool present = req->payload_case == WI_FI_CONFIG_PAYLOAD__PAYLOAD_CMD_SET_CONFIG;
                out = set_config(handlers, pb_sub_or(present, req->cmd_set_config, kEmpty));
                break;
            }
            case WI_FI_CONFIG_MSG_TYPE__TypeCmdApplyConfig: out = apply_config(handlers); break;
            default:
                FW_LOGW(kTag, "unexpected message %" PRId32 ": not a prov-config command", pb_enum(req->msg));
                return Err::Protocol;
        }
        return ok_status();
    };
}

}  // namespace fw::prov
