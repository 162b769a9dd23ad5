#pragma once
// The client's two security-1 handshake messages, as protobuf bytes: for the prov harness, which
// replays a handshake, and for the seed generator.
#include <cstdint>
#include <vector>

#include "firmware/prov/pb.h"
#include "firmware/prov/proto/session.pb-c.h"
#include "firmware/prov/x25519.h"

namespace fuzz {

inline std::vector<uint8_t> sec1_session_data(Sec1Payload& p) {
    SessionData d = SESSION_DATA__INIT;
    d.sec_ver = SEC_SCHEME_VERSION__SecScheme1;
    d.proto_case = SESSION_DATA__PROTO_SEC1;
    d.sec1 = &p;
    return fw::prov::pb_pack(&d.base);
}

// Command0 {client_pubkey}.
inline std::vector<uint8_t> sec1_command0(const uint8_t pub[fw::prov::kX25519Len]) {
    SessionCmd0 c0 = SESSION_CMD0__INIT;
    c0.client_pubkey = fw::prov::pb_bytes(pub, fw::prov::kX25519Len);
    Sec1Payload p = SEC1_PAYLOAD__INIT;
    p.msg = SEC1_MSG_TYPE__Session_Command0;
    p.payload_case = SEC1_PAYLOAD__PAYLOAD_SC0;
    p.sc0 = &c0;
    return sec1_session_data(p);
}

// Command1 {client_verify_data}: the device's public key through the keystream.
inline std::vector<uint8_t> sec1_command1(const uint8_t verify[fw::prov::kX25519Len]) {
    SessionCmd1 c1 = SESSION_CMD1__INIT;
    c1.client_verify_data = fw::prov::pb_bytes(verify, fw::prov::kX25519Len);
    Sec1Payload p = SEC1_PAYLOAD__INIT;
    p.msg = SEC1_MSG_TYPE__Session_Command1;
    p.payload_case = SEC1_PAYLOAD__PAYLOAD_SC1;
    p.sc1 = &c1;
    return sec1_session_data(p);
}

}  // namespace fuzz
