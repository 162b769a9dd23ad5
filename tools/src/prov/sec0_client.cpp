#include <memory>

#include "firmware/prov/pb.h"
#include "firmware/prov/proto/session.pb-c.h"
#include "tools/src/prov/sec_client.h"

namespace provcli {
namespace {

using fw::prov::pb_pack;
using fw::prov::pb_unpack;

class Sec0Client : public SecClient {
public:
    void establish(Transport& t) override {
        S0SessionCmd sc = S0_SESSION_CMD__INIT;
        Sec0Payload p = SEC0_PAYLOAD__INIT;
        p.msg = SEC0_MSG_TYPE__S0_Session_Command;
        p.payload_case = SEC0_PAYLOAD__PAYLOAD_SC;
        p.sc = &sc;
        SessionData req = SESSION_DATA__INIT;
        req.sec_ver = SEC_SCHEME_VERSION__SecScheme0;
        req.proto_case = SESSION_DATA__PROTO_SEC0;
        req.sec0 = &p;
        std::vector<uint8_t> raw;
        try {
            raw = t.send("prov-session", pb_pack(&req.base));
        } catch (const Refused& e) {
            throw SessionError(std::string("the device refused a security 0 session: ") + e.what());
        }
        auto resp = pb_unpack<SessionData>(session_data__descriptor, raw);
        if (!resp || resp->proto_case != SESSION_DATA__PROTO_SEC0 ||
            resp->sec0->payload_case != SEC0_PAYLOAD__PAYLOAD_SR || resp->sec0->sr->status != STATUS__Success)
            throw SessionError("bad security 0 session answer");
    }
    void encrypt(std::vector<uint8_t>&) override {}
    void decrypt(std::vector<uint8_t>&) override {}
};

}  // namespace

std::unique_ptr<SecClient> make_sec0() { return std::make_unique<Sec0Client>(); }

}  // namespace provcli
