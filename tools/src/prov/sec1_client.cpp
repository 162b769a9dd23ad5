#include <mbedtls/platform_util.h>

#include <cstring>
#include <memory>

#include "firmware/prov/ctr_stream.h"
#include "firmware/prov/pb.h"
#include "firmware/prov/proto/session.pb-c.h"
#include "firmware/prov/sec1_key.h"
#include "firmware/prov/x25519.h"
#include "tools/src/prov/sec_client.h"

namespace provcli {
namespace {

using fw::prov::kX25519Len;
using fw::prov::pb_bytes;
using fw::prov::pb_pack;
using fw::prov::pb_unpack;
using fw::prov::PbPtr;

constexpr size_t kRandomLen = 16;

class Sec1Client : public SecClient {
public:
    Sec1Client(std::string pop, hal::Rng& rng) : pop_(std::move(pop)), rng_(rng) {}
    ~Sec1Client() override { mbedtls_platform_zeroize(priv_, sizeof priv_); }

    void establish(Transport& t) override {
        rng_.fill(priv_, sizeof priv_);
        if (!fw::prov::x25519_public(priv_, pub_, rng_).ok()) throw SessionError("X25519 failed");

        SessionCmd0 c0 = SESSION_CMD0__INIT;
        c0.client_pubkey = pb_bytes(pub_, kX25519Len);
        Sec1Payload p0 = SEC1_PAYLOAD__INIT;
        p0.msg = SEC1_MSG_TYPE__Session_Command0;
        p0.payload_case = SEC1_PAYLOAD__PAYLOAD_SC0;
        p0.sc0 = &c0;
        PbPtr<SessionData> r0;
        try {
            r0 = exchange(t, p0, SEC1_PAYLOAD__PAYLOAD_SR0);
        } catch (const Refused&) {
            throw SessionError(
                "the device refused the session: locked after a wrong proof of possession, "
                "retry later (the wait doubles with each wrong one)");
        }
        const SessionResp0& sr0 = *r0->sec1->sr0;
        if (sr0.status == STATUS__TooManySessions)
            throw SessionError("the device is busy with another provisioning session");
        if (sr0.status != STATUS__Success)
            throw SessionError("the device refused the session (status " + std::to_string(sr0.status) + ")");
        if (sr0.device_pubkey.len != kX25519Len || sr0.device_random.len != kRandomLen)
            throw SessionError("bad key exchange answer");
        uint8_t device_pub[kX25519Len];
        std::memcpy(device_pub, sr0.device_pubkey.data, kX25519Len);
        uint8_t key[kX25519Len];
        if (!fw::prov::sec1_session_key(priv_, device_pub, pop_, rng_, key).ok())
            throw SessionError("key exchange failed (bad device public key)");
        ctr_.start(key, sr0.device_random.data);
        mbedtls_platform_zeroize(key, sizeof key);

        uint8_t verify[kX25519Len];
        std::memcpy(verify, device_pub, kX25519Len);
        ctr_.apply(verify, sizeof verify);
        SessionCmd1 c1 = SESSION_CMD1__INIT;
        c1.client_verify_data = pb_bytes(verify, sizeof verify);
        Sec1Payload p1 = SEC1_PAYLOAD__INIT;
        p1.msg = SEC1_MSG_TYPE__Session_Command1;
        p1.payload_case = SEC1_PAYLOAD__PAYLOAD_SC1;
        p1.sc1 = &c1;
        PbPtr<SessionData> r1;
        try {
            r1 = exchange(t, p1, SEC1_PAYLOAD__PAYLOAD_SR1);
        } catch (const Refused&) {
            throw SessionError("the device refused the session: wrong proof of possession?");
        }
        const SessionResp1& sr1 = *r1->sec1->sr1;
        if (sr1.status != STATUS__Success || sr1.device_verify_data.len != kX25519Len)
            throw SessionError("the device did not confirm the session");
        uint8_t check[kX25519Len];
        std::memcpy(check, sr1.device_verify_data.data, kX25519Len);
        ctr_.apply(check, sizeof check);
        if (std::memcmp(check, pub_, kX25519Len) != 0) throw SessionError("failed to verify the device");
    }

    void encrypt(std::vector<uint8_t>& data) override { ctr_.apply(data); }
    void decrypt(std::vector<uint8_t>& data) override { ctr_.apply(data); }

private:
    static PbPtr<SessionData> exchange(Transport& t, Sec1Payload& p, Sec1Payload__PayloadCase want) {
        SessionData req = SESSION_DATA__INIT;
        req.sec_ver = SEC_SCHEME_VERSION__SecScheme1;
        req.proto_case = SESSION_DATA__PROTO_SEC1;
        req.sec1 = &p;
        std::vector<uint8_t> raw = t.send("prov-session", pb_pack(&req.base));
        auto resp = pb_unpack<SessionData>(session_data__descriptor, raw);
        if (!resp || resp->sec_ver != SEC_SCHEME_VERSION__SecScheme1 || resp->proto_case != SESSION_DATA__PROTO_SEC1 ||
            resp->sec1->payload_case != want)
            throw SessionError("unexpected session answer (is the device using security 1?)");
        return resp;
    }

    std::string pop_;
    hal::Rng& rng_;
    uint8_t priv_[kX25519Len] = {};
    uint8_t pub_[kX25519Len] = {};
    fw::prov::CtrStream ctr_;
};

}  // namespace

std::unique_ptr<SecClient> make_sec1(std::string pop, hal::Rng& rng) {
    return std::make_unique<Sec1Client>(std::move(pop), rng);
}

}  // namespace provcli
