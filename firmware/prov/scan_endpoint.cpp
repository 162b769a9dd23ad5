#include "firmware/prov/scan_endpoint.h"

#include <cinttypes>

#include "firmware/core/log.h"
#include "firmware/prov/internal/proto_status.h"
#include "firmware/prov/pb.h"
#include "firmware/prov/proto/wifi_scan.pb-c.h"

namespace fw::prov {
namespace {

constexpr const char* kTag = "prov-scan";

void scan_result(ScanHandlers& h, const CmdScanResult& cmd, WiFiScanPayload& out, std::vector<uint8_t>& packed) {
    const auto& aps = h.scan_results();
    RespScanResult r = RESP_SCAN_RESULT__INIT;
    out.payload_case = WI_FI_SCAN_PAYLOAD__PAYLOAD_RESP_SCAN_RESULT;
    out.resp_scan_result = &r;
    uint64_t end = static_cast<uint64_t>(cmd.start_index) + cmd.count;
    if (!h.scan_finished() || end > aps.size() || cmd.count > kMaxScanEntriesPerResult) {
        out.status = STATUS__InvalidArgument;
        packed = pb_pack(&out.base);
        return;
    }
    std::vector<WiFiScanResult> entries(cmd.count);
    std::vector<WiFiScanResult*> ptrs(cmd.count);
    for (uint32_t i = 0; i < cmd.count; ++i) {
        const hal::WifiAp& ap = aps[cmd.start_index + i];
        WiFiScanResult& e = entries[i];
        wi_fi_scan_result__init(&e);
        e.ssid = pb_bytes(ap.ssid);
        e.channel = ap.channel;
        e.rssi = ap.rssi;
        e.bssid = pb_bytes(ap.bssid, sizeof ap.bssid);
        e.auth = static_cast<WifiAuthMode>(ap.auth);
        ptrs[i] = &e;
    }
    r.n_entries = cmd.count;
    r.entries = ptrs.data();
    packed = pb_pack(&out.base);
}

}  // namespace

Protocomm::Handler make_scan_handler(ScanHandlers& handlers) {
    // Dispatches on the message type alone, as ESP-IDF's wifi_scan.c does: esp_prov sends
    // ScanStatus without the empty sub-message; a missing ScanStart/ScanResult means all defaults.
    return [&handlers](uint32_t, const std::vector<uint8_t>& in, std::vector<uint8_t>& out) -> Status {
        auto req = pb_unpack<WiFiScanPayload>(wi_fi_scan_payload__descriptor, in);
        if (!req) {
            FW_LOGW(kTag, "undecodable request");
            return Err::Protocol;
        }
        WiFiScanPayload resp = WI_FI_SCAN_PAYLOAD__INIT;
        resp.status = STATUS__Success;
        switch (pb_enum(req->msg)) {
            case WI_FI_SCAN_MSG_TYPE__TypeCmdScanStart: {
                static const CmdScanStart kDefault = CMD_SCAN_START__INIT;
                const CmdScanStart& c = pb_sub_or(req->payload_case == WI_FI_SCAN_PAYLOAD__PAYLOAD_CMD_SCAN_START,
                                                  req->cmd_scan_start, kDefault);
                RespScanStart r = RESP_SCAN_START__INIT;
                resp.msg = WI_FI_SCAN_MSG_TYPE__TypeRespScanStart;
                resp.status = proto_status(handlers.scan_start(c.blocking, c.passive, c.group_channels, c.period_ms));
                resp.payload_case = WI_FI_SCAN_PAYLOAD__PAYLOAD_RESP_SCAN_START;
                resp.resp_scan_start = &r;
                out = pb_pack(&resp.base);
                break;
            }
            case WI_FI_SCAN_MSG_TYPE__TypeCmdScanStatus: {
                RespScanStatus r = RESP_SCAN_STATUS__INIT;
                r.scan_finished = handlers.scan_finished();
                r.result_count = r.scan_finished ? static_cast<uint32_t>(handlers.scan_results().size()) : 0;
                resp.msg = WI_FI_SCAN_MSG_TYPE__TypeRespScanStatus;
                resp.payload_case = WI_FI_SCAN_PAYLOAD__PAYLOAD_RESP_SCAN_STATUS;
                resp.resp_scan_status = &r;
                out = pb_pack(&resp.base);
                break;
            }
            case WI_FI_SCAN_MSG_TYPE__TypeCmdScanResult: {
                static const CmdScanResult kDefault = CMD_SCAN_RESULT__INIT;
                resp.msg = WI_FI_SCAN_MSG_TYPE__TypeRespScanResult;
                scan_result(handlers,
                            pb_sub_or(req->payload_case == WI_FI_SCAN_PAYLOAD__PAYLOAD_CMD_SCAN_RESULT,
                                      req->cmd_scan_result, kDefault),
                            resp, out);
                break;
            }
            default:
                FW_LOGW(kTag, "unexpected message %" PRId32 ": not a prov-scan command", pb_enum(req->msg));
                return Err::Protocol;
        }
        return ok_status();
    };
}

}  // namespace fw::prov
