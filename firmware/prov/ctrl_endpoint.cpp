#include "firmware/prov/ctrl_endpoint.h"

#include <cinttypes>

#include "firmware/core/log.h"
#include "firmware/prov/internal/proto_status.h"
#include "firmware/prov/pb.h"
#include "firmware/prov/proto/wifi_ctrl.pb-c.h"

namespace fw::prov {
namespace {
constexpr const char* kTag = "prov-ctrl";
}

Protocomm::Handler make_ctrl_handler(CtrlHandlers& handlers) {
    // Dispatches on the message type alone, as ESP-IDF's wifi_ctrl.c does: esp_prov sends both
    // commands as the type only (`08 01`, `08 03`), without the empty sub-message.
    return [&handlers](uint32_t, const std::vector<uint8_t>& in, std::vector<uint8_t>& out) -> Status {
        auto req = pb_unpack<WiFiCtrlPayload>(wi_fi_ctrl_payload__descriptor, in);
        if (!req) {
            FW_LOGW(kTag, "undecodable request");
            return Err::Protocol;
        }
        WiFiCtrlPayload resp = WI_FI_CTRL_PAYLOAD__INIT;
        RespCtrlReset reset = RESP_CTRL_RESET__INIT;
        RespCtrlReprov reprov = RESP_CTRL_REPROV__INIT;
        switch (pb_enum(req->msg)) {
            case WI_FI_CTRL_MSG_TYPE__TypeCmdCtrlReset:
                resp.msg = WI_FI_CTRL_MSG_TYPE__TypeRespCtrlReset;
                resp.status = proto_status(handlers.ctrl_reset());
                resp.payload_case = WI_FI_CTRL_PAYLOAD__PAYLOAD_RESP_CTRL_RESET;
                resp.resp_ctrl_reset = &reset;
                break;
            case WI_FI_CTRL_MSG_TYPE__TypeCmdCtrlReprov:
                resp.msg = WI_FI_CTRL_MSG_TYPE__TypeRespCtrlReprov;
                resp.status = proto_status(handlers.ctrl_reprov());
                resp.payload_case = WI_FI_CTRL_PAYLOAD__PAYLOAD_RESP_CTRL_REPROV;
                resp.resp_ctrl_reprov = &reprov;
                break;
            default:
                FW_LOGW(kTag, "unexpected message %" PRId32 ": not a prov-ctrl command", pb_enum(req->msg));
                return Err::Protocol;
        }
        out = pb_pack(&resp.base);
        return ok_status();
    };
}

}  // namespace fw::prov
