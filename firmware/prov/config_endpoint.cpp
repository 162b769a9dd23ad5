#include "firmware/prov/config_endpoint.h"

#include "firmware/core/log.h"
#include "firmware/prov/pb.h"
#include "firmware/prov/proto/wifi_config.pb-c.h"
#include "firmware/prov/proto_status.h"

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

std::vector<uint8_t> set_config(ConfigHandlers& h, const CmdSetConfig& cmd) {
    WifiCredentials c{pb_string(cmd.ssid), pb_string(cmd.passphrase)};
    RespSetConfig r = RESP_SET_CONFIG__INIT;
    r.status = proto_status(h.set_config(c));
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
    return [&handlers](uint32_t, const std::vector<uint8_t>& in, std::vector<uint8_t>& out) -> Status {
        auto req = pb_unpack<WiFiConfigPayload>(wi_fi_config_payload__descriptor, in);
        if (!req) {
            FW_LOGW(kTag, "undecodable request");
            return Err::Protocol;
        }
        if (pb_enum(req->msg) == WI_FI_CONFIG_MSG_TYPE__TypeCmdGetStatus &&
            req->payload_case == WI_FI_CONFIG_PAYLOAD__PAYLOAD_CMD_GET_STATUS) {
            out = get_status(handlers);
        } else if (pb_enum(req->msg) == WI_FI_CONFIG_MSG_TYPE__TypeCmdSetConfig &&
                   req->payload_case == WI_FI_CONFIG_PAYLOAD__PAYLOAD_CMD_SET_CONFIG) {
            out = set_config(handlers, *req->cmd_set_config);
        } else if (pb_enum(req->msg) == WI_FI_CONFIG_MSG_TYPE__TypeCmdApplyConfig &&
                   req->payload_case == WI_FI_CONFIG_PAYLOAD__PAYLOAD_CMD_APPLY_CONFIG) {
            out = apply_config(handlers);
        } else {
            FW_LOGW(kTag, "unexpected message %d", pb_enum(req->msg));
            return Err::Protocol;
        }
        return ok_status();
    };
}

}  // namespace fw::prov
