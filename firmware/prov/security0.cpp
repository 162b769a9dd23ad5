#include "firmware/prov/internal/security0.h"

#include "firmware/core/log.h"
#include "firmware/prov/pb.h"
#include "firmware/prov/proto/session.pb-c.h"

namespace fw::prov {
namespace {
constexpr const char* kTag = "sec0";
}

Status Security0::handle_session(uint32_t session, const std::vector<uint8_t>& req, std::vector<uint8_t>& resp) {
    auto in = pb_unpack<SessionData>(session_data__descriptor, req);
    if (!in || pb_enum(in->sec_ver) != SEC_SCHEME_VERSION__SecScheme0 || in->proto_case != SESSION_DATA__PROTO_SEC0 ||
        pb_enum(in->sec0->msg) != SEC0_MSG_TYPE__S0_Session_Command) {
        FW_LOGW(kTag, "session %u: bad security 0 handshake", static_cast<unsigned>(session));
        return Err::Protocol;
    }
    S0SessionResp sr = S0_SESSION_RESP__INIT;
    sr.status = STATUS__Success;
    Sec0Payload p = SEC0_PAYLOAD__INIT;
    p.msg = SEC0_MSG_TYPE__S0_Session_Response;
    p.payload_case = SEC0_PAYLOAD__PAYLOAD_SR;
    p.sr = &sr;
    SessionData out = SESSION_DATA__INIT;
    out.sec_ver = SEC_SCHEME_VERSION__SecScheme0;
    out.proto_case = SESSION_DATA__PROTO_SEC0;
    out.sec0 = &p;
    resp = pb_pack(&out.base);
    return ok_status();
}

}  // namespace fw::prov
