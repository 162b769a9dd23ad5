#include "firmware/prov/security2.h"

#include <mbedtls/platform_util.h>

#include <cinttypes>

#include "firmware/core/bytes.h"
#include "firmware/core/log.h"
#include "firmware/prov/pb.h"
#include "firmware/prov/proto/session.pb-c.h"

namespace fw::prov {
namespace {

constexpr const char* kTag = "sec2";

unsigned u(uint32_t v) { return static_cast<unsigned>(v); }

Bytes bin(const ProtobufCBinaryData& b) { return b.len == 0 ? Bytes() : Bytes(b.data, b.data + b.len); }

std::vector<uint8_t> pack_sec2(Sec2Payload& p) {
    SessionData out = SESSION_DATA__INIT;
    out.sec_ver = SEC_SCHEME_VERSION__SecScheme2;
    out.proto_case = SESSION_DATA__PROTO_SEC2;
    out.sec2 = &p;
    return pb_pack(&out.base);
}

std::vector<uint8_t> response0(::Status status, const Bytes* pub, const Bytes* salt) {
    S2SessionResp0 r = S2_SESSION_RESP0__INIT;
    r.status = status;
    if (pub != nullptr) {
        r.device_pubkey = pb_bytes(pub->data(), pub->size());
        r.device_salt = pb_bytes(salt->data(), salt->size());
    }
    Sec2Payload p = SEC2_PAYLOAD__INIT;
    p.msg = SEC2_MSG_TYPE__S2Session_Response0;
    p.payload_case = SEC2_PAYLOAD__PAYLOAD_SR0;
    p.sr0 = &r;
    return pack_sec2(p);
}

void wipe(Bytes& b) {
    mbedtls_platform_zeroize(b.data(), b.size());
    b.clear();
}

}  // namespace

Status check_sec2_verifier(const Sec2Verifier& sv) {
    const SrpGroup& g = srp_suite_sec2().group;
    if (sv.salt.empty() || sv.verifier.empty() || sv.verifier.size() > srp_n_len(g)) {
        FW_LOGE(kTag,
                "security 2 needs a salt and a verifier of 1..%zu bytes: make them with "
                "`prov --sec2_gen_cred --sec2_username U --sec2_pwd P`",
                srp_n_len(g));
        return Err::InvalidArg;
    }
    // esp_prov hashes the salt as a number written without leading zeros: such a salt could never
    // match (and esp_prov's own generator never makes one).
    if (sv.salt[0] == 0) {
        FW_LOGE(kTag, "security 2 salt starts with a zero byte, which esp_prov cannot match: make a new one");
        return Err::InvalidArg;
    }
    return ok_status();
}

Security2::Security2(hal::Rng& rng, hal::Clock& clock, Sec2Verifier sv)
    : rng_(rng), gate_(clock, kTag, "username or password"), sv_(std::move(sv)) {}

Security2::~Security2() { reset(); }

Status Security2::handle_session(uint32_t session, const std::vector<uint8_t>& req, std::vector<uint8_t>& resp) {
    auto in = pb_unpack<SessionData>(session_data__descriptor, req);
    if (!in || in->sec_ver != SEC_SCHEME_VERSION__SecScheme2 || in->proto_case != SESSION_DATA__PROTO_SEC2) {
        FW_LOGW(kTag, "session %u: not a security 2 handshake message", u(session));
        return Err::Protocol;
    }
    const Sec2Payload& p = *in->sec2;
    if (pb_enum(p.msg) == SEC2_MSG_TYPE__S2Session_Command0) {
        if (gate_.locked(session)) return Err::Refused;
        if (gate_.busy(phase_ != Phase::Idle, owner_, session)) {
            resp = response0(STATUS__TooManySessions, nullptr, nullptr);
            return ok_status();
        }
        return command0(session, p, resp);
    }
    if (pb_enum(p.msg) == SEC2_MSG_TYPE__S2Session_Command1) return command1(session, p, resp);
    FW_LOGW(kTag, "session %u: unexpected handshake message %" PRId32, u(session), pb_enum(p.msg));
    return Err::Protocol;
}

Status Security2::command0(uint32_t session, const Sec2Payload& in, std::vector<uint8_t>& resp) {
    reset();  // a new Command0 restarts the handshake, as in ESP-IDF
    static const S2SessionCmd0 kEmpty = S2_SESSION_CMD0__INIT;
    const S2SessionCmd0& c = pb_sub_or(in.payload_case == SEC2_PAYLOAD__PAYLOAD_SC0, in.sc0, kEmpty);
    const SrpSuite& suite = srp_suite_sec2();
    if (c.client_username.len == 0) {
        FW_LOGW(kTag, "session %u: no username", u(session));
        return Err::InvalidArg;
    }
    if (c.client_pubkey.len == 0 || c.client_pubkey.len > srp_n_len(suite.group)) {
        FW_LOGW(kTag, "session %u: client public key of %zu bytes (1..%zu)", u(session), c.client_pubkey.len,
                srp_n_len(suite.group));
        return Err::InvalidArg;
    }
    Bytes b(kPrivateLen);
    rng_.fill(b.data(), b.size());
    a_pub_ = bin(c.client_pubkey);
    Result<Bytes> pub = srp_public_b(suite, sv_.verifier, b);
    Result<Bytes> uu = pub.ok() ? srp_u(suite, a_pub_, *pub) : Result<Bytes>(pub.err());
    Result<Bytes> s = uu.ok() ? srp_server_secret(suite, a_pub_, sv_.verifier, *uu, b) : Result<Bytes>(uu.err());
    wipe(b);
    if (!s.ok()) {
        FW_LOGW(kTag, "session %u: key exchange failed (%s)", u(session), name_of(s.err()));
        reset();
        return s.err();
    }
    key_ = srp_hash(suite, {&*s});
    wipe(*s);
    b_pub_ = *pub;
    user_ = pb_string(c.client_username);
    owner_ = session;
    phase_ = Phase::AwaitCommand1;
    gate_.touch();
    resp = response0(STATUS__Success, &b_pub_, &sv_.salt);
    return ok_status();
}

Status Security2::command1(uint32_t session, const Sec2Payload& in, std::vector<uint8_t>& resp) {
    if (phase_ != Phase::AwaitCommand1 || owner_ != session) {
        FW_LOGW(kTag, "session %u: Command1 out of order", u(session));
        return Err::BadState;
    }
    static const S2SessionCmd1 kEmpty = S2_SESSION_CMD1__INIT;
    const S2SessionCmd1& c = pb_sub_or(in.payload_case == SEC2_PAYLOAD__PAYLOAD_SC1, in.sc1, kEmpty);
    const SrpSuite& suite = srp_suite_sec2();
    Bytes expected = srp_client_proof(suite, user_, sv_.salt, a_pub_, b_pub_, key_);
    if (c.client_proof.len != expected.size() || !equal_ct(c.client_proof.data, expected.data(), expected.size())) {
        gate_.failed(session);
        reset();
        return Err::VerifyFailed;
    }
    Bytes proof = srp_server_proof(suite, a_pub_, expected, key_);
    uint8_t nonce[GcmRecords::kNonceLen] = {};
    rng_.fill(nonce, GcmRecords::kSessionIdLen);
    nonce[GcmRecords::kNonceLen - 1] = 1;  // the counter starts at 1
    if (!records_.start(key_.data(), nonce).ok()) {
        FW_LOGE(kTag, "session %u: AES-GCM unavailable", u(session));
        reset();
        return Err::Io;
    }
    S2SessionResp1 r = S2_SESSION_RESP1__INIT;
    r.status = STATUS__Success;
    r.device_proof = pb_bytes(proof.data(), proof.size());
    r.device_nonce = pb_bytes(nonce, sizeof nonce);
    Sec2Payload p = SEC2_PAYLOAD__INIT;
    p.msg = SEC2_MSG_TYPE__S2Session_Response1;
    p.payload_case = SEC2_PAYLOAD__PAYLOAD_SR1;
    p.sr1 = &r;
    resp = pack_sec2(p);
    phase_ = Phase::Ready;
    gate_.verified();
    gate_.touch();
    FW_LOGI(kTag, "session %u established", u(session));
    return ok_status();
}

bool Security2::ready(uint32_t session) const { return phase_ == Phase::Ready && owner_ == session; }

Status Security2::decrypt(uint32_t session, std::vector<uint8_t>& data) {
    if (!ready(session)) return Err::BadState;
    if (Status st = records_.open(data); !st.ok()) {
        FW_LOGW(kTag, "session %u: record refused (%s): session ended", u(session), name_of(st.err()));
        reset();
        return st;
    }
    gate_.touch();
    return ok_status();
}

void Security2::encrypt(uint32_t session, std::vector<uint8_t>& data) {
    if (!ready(session)) return;
    if (Status st = records_.seal(data); !st.ok()) {
        FW_LOGW(kTag, "session %u: cannot encrypt (%s): session ended", u(session), name_of(st.err()));
        reset();
        data.clear();
        return;
    }
    gate_.touch();
}

void Security2::close(uint32_t session) {
    if (phase_ != Phase::Idle && owner_ == session) reset();
}

void Security2::reset() {
    records_.clear();
    wipe(key_);
    a_pub_.clear();
    b_pub_.clear();
    user_.clear();
    phase_ = Phase::Idle;
    owner_ = 0;
}

}  // namespace fw::prov
