#include "firmware/prov/internal/security1.h"

#include <mbedtls/platform_util.h>

#include <cinttypes>
#include <cstring>

#include "firmware/core/bytes.h"
#include "firmware/core/log.h"
#include "firmware/prov/pb.h"
#include "firmware/prov/proto/session.pb-c.h"
#include "firmware/prov/sec1_key.h"

namespace fw::prov {
namespace {

constexpr const char* kTag = "sec1";

std::vector<uint8_t> pack_sec1(Sec1Payload& p) {
    SessionData out = SESSION_DATA__INIT;
    out.sec_ver = SEC_SCHEME_VERSION__SecScheme1;
    out.proto_case = SESSION_DATA__PROTO_SEC1;
    out.sec1 = &p;
    return pb_pack(&out.base);
}

std::vector<uint8_t> response0(::Status status, const uint8_t* pub, const uint8_t* random) {
    SessionResp0 r = SESSION_RESP0__INIT;
    r.status = status;
    if (pub != nullptr) {
        r.device_pubkey = pb_bytes(pub, kX25519Len);
        r.device_random = pb_bytes(random, Security1::kRandomLen);
    }
    Sec1Payload p = SEC1_PAYLOAD__INIT;
    p.msg = SEC1_MSG_TYPE__Session_Response0;
    p.payload_case = SEC1_PAYLOAD__PAYLOAD_SR0;
    p.sr0 = &r;
    return pack_sec1(p);
}

unsigned u(uint32_t v) { return static_cast<unsigned>(v); }

}  // namespace

Security1::Security1(hal::Rng& rng, hal::Clock& clock, std::string pop)
    : rng_(rng), gate_(clock, kTag, "proof of possession"), pop_(std::move(pop)) {}

Status Security1::handle_session(uint32_t session, const std::vector<uint8_t>& req, std::vector<uint8_t>& resp) {
    auto in = pb_unpack<SessionData>(session_data__descriptor, req);
    if (!in || pb_enum(in->sec_ver) != SEC_SCHEME_VERSION__SecScheme1 || in->proto_case != SESSION_DATA__PROTO_SEC1) {
        FW_LOGW(kTag, "session %u: not a security 1 handshake message", u(session));
        return Err::Protocol;
    }
    const Sec1Payload& p = *in->sec1;
    if (pb_enum(p.msg) == SEC1_MSG_TYPE__Session_Command0 && p.payload_case == SEC1_PAYLOAD__PAYLOAD_SC0) {
        if (gate_.locked(session)) return Err::Refused;
        if (gate_.busy(phase_ != Phase::Idle, owner_, session)) {
            resp = response0(STATUS__TooManySessions, nullptr, nullptr);
            return ok_status();
        }
        return command0(session, p, resp);
    }
    if (pb_enum(p.msg) == SEC1_MSG_TYPE__Session_Command1 && p.payload_case == SEC1_PAYLOAD__PAYLOAD_SC1)
        return command1(session, p, resp);
    FW_LOGW(kTag, "session %u: unexpected handshake message %" PRId32, u(session), pb_enum(p.msg));
    return Err::Protocol;
}

Status Security1::command0(uint32_t session, const Sec1Payload& in, std::vector<uint8_t>& resp) {
    reset();  // a new Command0 restarts the handshake, as in ESP-IDF
    if (in.sc0->client_pubkey.len != kX25519Len) {
        FW_LOGW(kTag, "session %u: bad client public key length", u(session));
        return Err::InvalidArg;
    }
    uint8_t priv[kX25519Len];
    rng_.fill(priv, sizeof priv);
    rng_.fill(random_, sizeof random_);
    std::memcpy(client_pub_, in.sc0->client_pubkey.data, kX25519Len);
    Status st = x25519_public(priv, device_pub_, rng_);
    if (st.ok()) st = sec1_session_key(priv, client_pub_, pop_, rng_, key_);
    mbedtls_platform_zeroize(priv, sizeof priv);
    if (!st.ok()) {
        FW_LOGW(kTag, "session %u: key exchange failed (%s)", u(session), name_of(st.err()));
        reset();
        return st;
    }
    owner_ = session;
    phase_ = Phase::AwaitCommand1;
    gate_.touch();
    resp = response0(STATUS__Success, device_pub_, random_);
    return ok_status();
}

Status Security1::command1(uint32_t session, const Sec1Payload& in, std::vector<uint8_t>& resp) {
    if (phase_ != Phase::AwaitCommand1 || owner_ != session) {
        FW_LOGW(kTag, "session %u: Command1 out of order", u(session));
        return Err::BadState;
    }
    const ProtobufCBinaryData& v = in.sc1->client_verify_data;
    if (v.len != kX25519Len) {
        FW_LOGW(kTag, "session %u: bad verify data length", u(session));
        reset();
        return Err::InvalidArg;
    }
    ctr_.start(key_, random_);
    uint8_t check[kX25519Len];
    std::memcpy(check, v.data, kX25519Len);
    ctr_.apply(check, sizeof check);
    if (!equal_ct(check, device_pub_, kX25519Len)) {
        gate_.failed(session);
        reset();
        return Err::VerifyFailed;
    }
    uint8_t verify[kX25519Len];
    std::memcpy(verify, client_pub_, kX25519Len);
    ctr_.apply(verify, sizeof verify);

    SessionResp1 r = SESSION_RESP1__INIT;
    r.status = STATUS__Success;
    r.device_verify_data = pb_bytes(verify, sizeof verify);
    Sec1Payload p = SEC1_PAYLOAD__INIT;
    p.msg = SEC1_MSG_TYPE__Session_Response1;
    p.payload_case = SEC1_PAYLOAD__PAYLOAD_SR1;
    p.sr1 = &r;
    resp = pack_sec1(p);
    phase_ = Phase::Ready;
    gate_.verified();
    gate_.touch();
    FW_LOGI(kTag, "session %u established", u(session));
    return ok_status();
}

bool Security1::ready(uint32_t session) const { return phase_ == Phase::Ready && owner_ == session; }

Status Security1::decrypt(uint32_t session, std::vector<uint8_t>& data) {
    encrypt(session, data);  // CTR: the same keystream step both ways
    return ok_status();
}

void Security1::encrypt(uint32_t session, std::vector<uint8_t>& data) {
    if (!ready(session)) return;
    ctr_.apply(data);
    gate_.touch();
}

void Security1::close(uint32_t session) {
    if (phase_ != Phase::Idle && owner_ == session) reset();
}

void Security1::reset() {
    ctr_.clear();
    mbedtls_platform_zeroize(key_, sizeof key_);
    mbedtls_platform_zeroize(random_, sizeof random_);
    phase_ = Phase::Idle;
    owner_ = 0;
}

}  // namespace fw::prov
