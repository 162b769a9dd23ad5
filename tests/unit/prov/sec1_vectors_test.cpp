// Security 1 against fixed vectors. The X25519 keys are RFC 7748 section 6.1's (Alice = client,
// Bob = device). The expected ciphertexts were computed outside this code base with OpenSSL:
//   key = X25519 shared secret XOR sha256("abcd1234")  (openssl pkeyutl -derive, openssl dgst)
//   openssl enc -aes-256-ctr -K <key> -iv f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff over
//   device_pub || client_pub || 52 00 (a GetStatus request) || "SUCCESS"
// The random's low bytes are all ones, so the counter carries across bytes within the stream.
#include <gtest/gtest.h>

#include "fake_hal/fake_hal.h"
#include "firmware/prov/ctr_stream.h"
#include "firmware/prov/internal/security1.h"
#include "firmware/prov/pb.h"
#include "firmware/prov/proto/session.pb-c.h"
#include "firmware/prov/sec1_key.h"
#include "firmware/prov/x25519.h"
#include "prov_fakes.h"
#include "tools/src/prov/sec_client.h"

namespace {

using fw::prov::pb_bytes;
using fw::prov::pb_pack;
using fw::prov::pb_unpack;
using provtest::unhex;

const std::string kAlicePriv = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
const std::string kAlicePub = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
const std::string kBobPriv = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
const std::string kBobPub = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
const std::string kShared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
const std::string kRandom = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";
const std::string kVectorPop = "abcd1234";

struct Expected {
    std::string client_verify, device_verify, get_status, success;
};
const Expected kWithPop = {"bb87c4f9167adafa041c71d81cca3de416239273f48390efe905ee7470497090",
                           "86775f3f13d4e881823fee5b7deff75d9855ab741f29897e41ae6a27a97c282c", "7080",
                           "bb1f685afcb184"};
const Expected kNoPop = {"1bcea40d8613fdbbc5c8f9c79e7bbc811b521863474d9130460e6166b68f8c08",
                         "cef6922a3beb33e078624cb127238cf8648f85fb5bd0e7f541dccbfa239cf7b2", "d28c", "2e5d72ed587b9f"};

std::vector<uint8_t> x(const uint8_t* p) { return std::vector<uint8_t>(p, p + 32); }

TEST(X25519, Rfc7748Vectors) {
    fake::SeededRng blind;
    uint8_t out[32];
    ASSERT_TRUE(fw::prov::x25519_public(unhex(kAlicePriv).data(), out, blind).ok());
    EXPECT_EQ(x(out), unhex(kAlicePub));
    ASSERT_TRUE(fw::prov::x25519_public(unhex(kBobPriv).data(), out, blind).ok());
    EXPECT_EQ(x(out), unhex(kBobPub));
    ASSERT_TRUE(fw::prov::x25519(unhex(kAlicePriv).data(), unhex(kBobPub).data(), out, blind).ok());
    EXPECT_EQ(x(out), unhex(kShared));
    ASSERT_TRUE(fw::prov::x25519(unhex(kBobPriv).data(), unhex(kAlicePub).data(), out, blind).ok());
    EXPECT_EQ(x(out), unhex(kShared));
}

TEST(X25519, LowOrderPeerPointIsRefused) {
    fake::SeededRng blind;
    uint8_t zero[32] = {}, out[32];
    EXPECT_FALSE(fw::prov::x25519(unhex(kBobPriv).data(), zero, out, blind).ok());
    uint8_t one[32] = {1};
    EXPECT_FALSE(fw::prov::x25519(unhex(kBobPriv).data(), one, out, blind).ok());
}

TEST(Sec1Key, PopIsXoredIntoTheSharedSecret) {
    fake::SeededRng blind;
    uint8_t with[32], without[32];
    ASSERT_TRUE(
        fw::prov::sec1_session_key(unhex(kBobPriv).data(), unhex(kAlicePub).data(), kVectorPop, blind, with).ok());
    ASSERT_TRUE(fw::prov::sec1_session_key(unhex(kBobPriv).data(), unhex(kAlicePub).data(), "", blind, without).ok());
    EXPECT_EQ(x(without), unhex(kShared));
    EXPECT_EQ(x(with), unhex("a3937a411dfcd00911bdb6fc3e78e6fa03e08180fa7e2d71b89505f95b1d7eec"));
}

std::vector<uint8_t> command0(const std::vector<uint8_t>& client_pub) {
    SessionCmd0 c0 = SESSION_CMD0__INIT;
    c0.client_pubkey = pb_bytes(client_pub.data(), client_pub.size());
    Sec1Payload p = SEC1_PAYLOAD__INIT;
    p.msg = SEC1_MSG_TYPE__Session_Command0;
    p.payload_case = SEC1_PAYLOAD__PAYLOAD_SC0;
    p.sc0 = &c0;
    SessionData d = SESSION_DATA__INIT;
    d.sec_ver = SEC_SCHEME_VERSION__SecScheme1;
    d.proto_case = SESSION_DATA__PROTO_SEC1;
    d.sec1 = &p;
    return pb_pack(&d.base);
}

std::vector<uint8_t> command1(const std::vector<uint8_t>& verify) {
    SessionCmd1 c1 = SESSION_CMD1__INIT;
    c1.client_verify_data = pb_bytes(verify.data(), verify.size());
    Sec1Payload p = SEC1_PAYLOAD__INIT;
    p.msg = SEC1_MSG_TYPE__Session_Command1;
    p.payload_case = SEC1_PAYLOAD__PAYLOAD_SC1;
    p.sc1 = &c1;
    SessionData d = SESSION_DATA__INIT;
    d.sec_ver = SEC_SCHEME_VERSION__SecScheme1;
    d.proto_case = SESSION_DATA__PROTO_SEC1;
    d.sec1 = &p;
    return pb_pack(&d.base);
}

std::vector<uint8_t> bin(const ProtobufCBinaryData& b) { return std::vector<uint8_t>(b.data, b.data + b.len); }

class Sec1Vectors : public ::testing::TestWithParam<bool> {};

// The device, given Bob's key and the fixed random, produces exactly the OpenSSL-computed stream.
TEST_P(Sec1Vectors, DeviceMatchesIndependentComputation) {
    bool with_pop = GetParam();
    const Expected& e = with_pop ? kWithPop : kNoPop;
    provtest::ScriptedRng rng;
    rng.script(unhex(kBobPriv));
    rng.script(unhex(kRandom));
    fake::ManualClock clock;
    fw::prov::Security1 dev(rng, clock, with_pop ? kVectorPop : "");

    std::vector<uint8_t> resp;
    ASSERT_TRUE(dev.handle_session(7, command0(unhex(kAlicePub)), resp).ok());
    auto r0 = pb_unpack<SessionData>(session_data__descriptor, resp);
    ASSERT_TRUE(r0);
    ASSERT_EQ(r0->sec1->payload_case, SEC1_PAYLOAD__PAYLOAD_SR0);
    EXPECT_EQ(r0->sec1->msg, SEC1_MSG_TYPE__Session_Response0);
    EXPECT_EQ(r0->sec1->sr0->status, STATUS__Success);
    EXPECT_EQ(bin(r0->sec1->sr0->device_pubkey), unhex(kBobPub));
    EXPECT_EQ(bin(r0->sec1->sr0->device_random), unhex(kRandom));
    EXPECT_FALSE(dev.ready(7));

    ASSERT_TRUE(dev.handle_session(7, command1(unhex(e.client_verify)), resp).ok());
    auto r1 = pb_unpack<SessionData>(session_data__descriptor, resp);
    ASSERT_TRUE(r1);
    ASSERT_EQ(r1->sec1->payload_case, SEC1_PAYLOAD__PAYLOAD_SR1);
    EXPECT_EQ(r1->sec1->sr1->status, STATUS__Success);
    EXPECT_EQ(bin(r1->sec1->sr1->device_verify_data), unhex(e.device_verify));
    ASSERT_TRUE(dev.ready(7));

    // Later traffic continues the same stream, in order, in both directions.
    std::vector<uint8_t> req = unhex(e.get_status);
    ASSERT_TRUE(dev.decrypt(7, req).ok());
    EXPECT_EQ(req, unhex("5200"));
    std::vector<uint8_t> answer = provtest::bytes("SUCCESS");
    dev.encrypt(7, answer);
    EXPECT_EQ(answer, unhex(e.success));
}

// The client tool, given Alice's key, sends exactly the OpenSSL-computed verify data.
TEST_P(Sec1Vectors, ClientMatchesIndependentComputation) {
    bool with_pop = GetParam();
    const Expected& e = with_pop ? kWithPop : kNoPop;
    provtest::ScriptedRng dev_rng, cli_rng;
    dev_rng.script(unhex(kBobPriv));
    dev_rng.script(unhex(kRandom));
    cli_rng.script(unhex(kAlicePriv));
    fake::ManualClock clock;
    fw::prov::Security1 dev(dev_rng, clock, with_pop ? kVectorPop : "");
    fw::prov::Protocomm pc(dev);
    provtest::DirectClient link(pc, 3);
    auto cli = provcli::make_sec1(with_pop ? kVectorPop : "", cli_rng);
    ASSERT_NO_THROW(cli->establish(link));
    ASSERT_EQ(link.sent.size(), 2u);
    EXPECT_EQ(link.sent[0], command0(unhex(kAlicePub)));
    EXPECT_EQ(link.sent[1], command1(unhex(e.client_verify)));

    std::vector<uint8_t> req = unhex("5200");
    cli->encrypt(req);
    EXPECT_EQ(req, unhex(e.get_status));
}

INSTANTIATE_TEST_SUITE_P(Pop, Sec1Vectors, ::testing::Values(true, false),
                         [](const auto& info) { return info.param ? "WithPop" : "NoPop"; });

TEST(CtrStream, OneStreamAcrossCallsEqualsOneShot) {
    std::vector<uint8_t> key = unhex(kShared), iv = unhex(kRandom);
    std::vector<uint8_t> whole(100, 0x5A), parts = whole;
    fw::prov::CtrStream a, b;
    a.start(key.data(), iv.data());
    a.apply(whole);
    b.start(key.data(), iv.data());
    size_t cuts[] = {1, 15, 16, 17, 51};  // across block boundaries
    size_t off = 0;
    for (size_t n : cuts) {
        b.apply(parts.data() + off, n);
        off += n;
    }
    EXPECT_EQ(whole, parts);
    EXPECT_NE(whole, std::vector<uint8_t>(100, 0x5A));
}

}  // namespace
