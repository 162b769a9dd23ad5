#include <mbedtls/platform_util.h>

#include <memory>

#include "firmware/prov/gcm_records.h"
#include "firmware/prov/pb.h"
#include "firmware/prov/proto/session.pb-c.h"
#include "firmware/prov/srp6a.h"
#include "tools/src/prov/sec_client.h"

namespace provcli {
namespace {

using fw::prov::Bytes;
using fw::prov::GcmRecords;
using fw::prov::pb_bytes;
using fw::prov::pb_pack;
using fw::prov::pb_unpack;
using fw::prov::PbPtr;

// The client's private a: 256 bits with the top bit set, as esp_prov's srp6a.py draws it.
constexpr size_t kPrivateLen = 32;

Bytes bin(const ProtobufCBinaryData& b) { return b.len == 0 ? Bytes() : Bytes(b.data, b.data + b.len); }

template <class T>
T need(fw::Result<T> r, const char* what) {
    if (!r.ok()) throw SessionError(std::string(what) + " (" + fw::name_of(r.err()) + ")");
    return std::move(r.value());
}

class Sec2Client : public SecClient {
public:
    Sec2Client(std::string user, std::string pwd, bool step_nonce, hal::Rng& rng)
        : user_(std::move(user)), pwd_(std::move(pwd)), step_(step_nonce), rng_(rng) {}
    ~Sec2Client() override { mbedtls_platform_zeroize(pwd_.data(), pwd_.size()); }

    void establish(Transport& t) override {
        const fw::prov::SrpSuite& suite = fw::prov::srp_suite_sec2();
        Bytes a(kPrivateLen);
        rng_.fill(a.data(), a.size());
        a[0] |= 0x80;
        Bytes A = need(fw::prov::srp_public_a(suite, a), "SRP public key");
        // Sent at the full 384 bytes: ESP-IDF's device refuses any other length (esp_prov strips
        // leading zeros and so fails about one try in 256). Both sides hash A as sent.
        A.insert(A.begin(), fw::prov::srp_n_len(suite.group) - A.size(), 0);

        S2SessionCmd0 c0 = S2_SESSION_CMD0__INIT;
        c0.client_username = pb_bytes(user_);
        c0.client_pubkey = pb_bytes(A.data(), A.size());
        Sec2Payload p0 = SEC2_PAYLOAD__INIT;
        p0.msg = SEC2_MSG_TYPE__S2Session_Command0;
        p0.payload_case = SEC2_PAYLOAD__PAYLOAD_SC0;
        p0.sc0 = &c0;
        PbPtr<SessionData> r0;
        try {
            r0 = exchange(t, p0, SEC2_PAYLOAD__PAYLOAD_SR0);
        } catch (const Refused&) {
            throw SessionError(
                "the device refused the session: locked after a wrong username or password, "
                "retry later (the wait doubles with each wrong one)");
        }
        const S2SessionResp0& sr0 = *r0->sec2->sr0;
        if (sr0.status == STATUS__TooManySessions)
            throw SessionError("the device is busy with another provisioning session");
        if (sr0.status != STATUS__Success)
            throw SessionError("the device refused the session (status " + std::to_string(sr0.status) + ")");
        Bytes B = bin(sr0.device_pubkey), salt = bin(sr0.device_salt);
        if (B.empty() || salt.empty()) throw SessionError("bad key exchange answer");

        Bytes u = need(fw::prov::srp_u(suite, A, B), "the device's public key is unusable");
        Bytes x = fw::prov::srp_x(suite, salt, user_, pwd_);
        Bytes S = need(fw::prov::srp_client_secret(suite, B, x, a, u), "the device's public key is unusable");
        Bytes K = fw::prov::srp_hash(suite, {&S});
        mbedtls_platform_zeroize(a.data(), a.size());
        mbedtls_platform_zeroize(x.data(), x.size());
        mbedtls_platform_zeroize(S.data(), S.size());
        Bytes M = fw::prov::srp_client_proof(suite, user_, salt, A, B, K);

        S2SessionCmd1 c1 = S2_SESSION_CMD1__INIT;
        c1.client_proof = pb_bytes(M.data(), M.size());
        Sec2Payload p1 = SEC2_PAYLOAD__INIT;
        p1.msg = SEC2_MSG_TYPE__S2Session_Command1;
        p1.payload_case = SEC2_PAYLOAD__PAYLOAD_SC1;
        p1.sc1 = &c1;
        PbPtr<SessionData> r1;
        try {
            r1 = exchange(t, p1, SEC2_PAYLOAD__PAYLOAD_SR1);
        } catch (const Refused&) {
            throw SessionError("the device refused the session: wrong username or password?");
        }
        const S2SessionResp1& sr1 = *r1->sec2->sr1;
        if (sr1.status != STATUS__Success) throw SessionError("the device did not confirm the session");
        if (bin(sr1.device_proof) != fw::prov::srp_server_proof(suite, A, M, K))
            throw SessionError("failed to verify the device (its proof does not match)");
        if (sr1.device_nonce.len != GcmRecords::kNonceLen) throw SessionError("bad session nonce from the device");
        if (!records_.start(K.data(), sr1.device_nonce.data, step_).ok()) throw SessionError("AES-GCM unavailable");
        mbedtls_platform_zeroize(K.data(), K.size());
    }

    void encrypt(std::vector<uint8_t>& data) override {
        if (!records_.seal(data).ok())
            throw SessionError("the session's nonce counter is exhausted: start a new session");
    }
    void decrypt(std::vector<uint8_t>& data) override {
        if (!records_.open(data).ok()) throw SessionError("the device's answer failed authentication");
    }

private:
    static PbPtr<SessionData> exchange(Transport& t, Sec2Payload& p, Sec2Payload__PayloadCase want) {
        SessionData req = SESSION_DATA__INIT;
        req.sec_ver = SEC_SCHEME_VERSION__SecScheme2;
        req.proto_case = SESSION_DATA__PROTO_SEC2;
        req.sec2 = &p;
        std::vector<uint8_t> raw = t.send("prov-session", pb_pack(&req.base));
        auto resp = pb_unpack<SessionData>(session_data__descriptor, raw);
        if (!resp || resp->sec_ver != SEC_SCHEME_VERSION__SecScheme2 || resp->proto_case != SESSION_DATA__PROTO_SEC2 ||
            resp->sec2->payload_case != want)
            throw SessionError("unexpected session answer (is the device using security 2?)");
        return resp;
    }

    std::string user_, pwd_;
    bool step_;
    hal::Rng& rng_;
    GcmRecords records_;
};

}  // namespace

std::unique_ptr<SecClient> make_sec2(std::string username, std::string password, bool step_nonce, hal::Rng& rng) {
    return std::make_unique<Sec2Client>(std::move(username), std::move(password), step_nonce, rng);
}

}  // namespace provcli
