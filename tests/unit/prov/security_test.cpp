// Every bad input to the security-1 handshake and the secured endpoints.
#include <gtest/gtest.h>

#include "fake_hal/fake_hal.h"
#include "firmware/prov/config_endpoint.h"
#include "firmware/prov/internal/security0.h"
#include "firmware/prov/internal/security1.h"
#include "firmware/prov/pb.h"
#include "firmware/prov/proto/session.pb-c.h"
#include "firmware/prov/protocomm.h"
#include "prov_fakes.h"
#include "tools/src/prov/prov_client.h"

namespace {

using fw::prov::WifiCredentials;
using fw::prov::WifiStatus;

// Records what reaches the config handlers.
struct RecordingConfig : fw::prov::ConfigHandlers {
    int set_calls = 0, apply_calls = 0, status_calls = 0;
    WifiStatus get_status() override {
        ++status_calls;
        return WifiStatus{};
    }
    fw::Status set_config(const WifiCredentials&) override {
        ++set_calls;
        return fw::ok_status();
    }
    fw::Status apply_config() override {
        ++apply_calls;
        return fw::ok_status();
    }
};

class Sec1Device : public ::testing::Test {
protected:
    Sec1Device() : sec(rng, clock, "abcd1234"), pc(sec) {
        pc.add_endpoint("prov-config", fw::prov::make_config_handler(config));
    }
    // A client of `session` with its own key.
    std::unique_ptr<provcli::SecClient> client(const std::string& pop) { return provcli::make_sec1(pop, cli_rng); }
    fw::Status raw(uint32_t session, const std::string& ep, const std::vector<uint8_t>& body,
                   std::vector<uint8_t>* out = nullptr) {
        std::vector<uint8_t> tmp;
        return pc.handle(session, ep, body, out ? *out : tmp);
    }

    fake::SeededRng rng{1}, cli_rng{2};
    fake::ManualClock clock;
    fw::prov::Security1 sec;
    RecordingConfig config;
    fw::prov::Protocomm pc;
};

TEST_F(Sec1Device, CorrectPopEstablishesAndConfigFlows) {
    provtest::DirectClient link(pc, 1);
    auto c = client("abcd1234");
    ASSERT_NO_THROW(c->establish(link));
    provcli::ProvClient pcl(link, *c);
    EXPECT_NO_THROW(pcl.set_config("HomeNet", "secret123"));
    EXPECT_NO_THROW(pcl.get_status());
    EXPECT_EQ(config.set_calls, 1);
    EXPECT_EQ(config.status_calls, 1);
}

TEST_F(Sec1Device, WrongPopRefusesSessionAndConfig) {
    provtest::DirectClient link(pc, 1);
    auto c = client("wrong-pop");
    EXPECT_THROW(c->establish(link), provcli::SessionError);
    EXPECT_FALSE(sec.ready(1));
    provcli::ProvClient pcl(link, *c);
    EXPECT_THROW(pcl.set_config("HomeNet", "secret123"), provcli::Refused);
    EXPECT_THROW(pcl.apply_config(), provcli::Refused);
    EXPECT_EQ(config.set_calls, 0);
    EXPECT_EQ(config.apply_calls, 0);
}

TEST_F(Sec1Device, WrongPopLocksSessionsForAGrowingCappedDelay) {
    provtest::DirectClient link(pc, 1);
    auto good = client("abcd1234");
    uint32_t expected = fw::prov::SessionGate::kFirstLockoutMs;
    for (int failure = 1; failure <= 12; ++failure) {
        auto c = client("guess-" + std::to_string(failure));
        try {
            c->establish(link);
            FAIL() << "a wrong PoP was accepted";
        } catch (const provcli::SessionError& e) {
            EXPECT_NE(std::string(e.what()).find("wrong proof of possession"), std::string::npos) << e.what();
        }
        // Locked: even the right PoP is turned away, with an error that says why, until the delay ends.
        try {
            good->establish(link);
            FAIL() << "a session was accepted during the lockout after failure " << failure;
        } catch (const provcli::SessionError& e) {
            EXPECT_NE(std::string(e.what()).find("locked"), std::string::npos) << e.what();
        }
        clock.advance(expected - 1);
        EXPECT_THROW(good->establish(link), provcli::SessionError) << failure;
        clock.advance(1);
        expected = std::min(expected * 2, fw::prov::SessionGate::kMaxLockoutMs);
    }
    EXPECT_EQ(expected, fw::prov::SessionGate::kMaxLockoutMs);
    ASSERT_NO_THROW(good->establish(link));  // the lock opened; a verified session starts the count over
    EXPECT_TRUE(sec.ready(1));
    EXPECT_THROW(client("again")->establish(link), provcli::SessionError);
    clock.advance(fw::prov::SessionGate::kFirstLockoutMs);
    EXPECT_NO_THROW(good->establish(link));
}

TEST_F(Sec1Device, MissingPopRefusesSession) {
    provtest::DirectClient link(pc, 1);
    auto c = client("");
    EXPECT_THROW(c->establish(link), provcli::SessionError);
    EXPECT_FALSE(sec.ready(1));
}

TEST_F(Sec1Device, ConfigBeforeSessionIsRefused) {
    auto plain = provtest::unhex("5200");  // a GetStatus request
    EXPECT_EQ(raw(1, "prov-config", plain).err(), fw::Err::BadState);
    EXPECT_EQ(config.status_calls, 0);
}

// Records the handshake of a good client so its messages can be replayed or reordered.
std::vector<std::vector<uint8_t>> record_handshake(fw::prov::Protocomm& pc, hal::Rng& rng, uint32_t session) {
    provtest::DirectClient link(pc, session);
    auto c = provcli::make_sec1("abcd1234", rng);
    c->establish(link);
    return link.sent;
}

TEST_F(Sec1Device, Command1BeforeCommand0IsRefused) {
    auto msgs = record_handshake(pc, cli_rng, 1);
    pc.close_session(1);
    EXPECT_FALSE(raw(2, "prov-session", msgs[1]).ok());
    EXPECT_FALSE(sec.ready(2));
}

TEST_F(Sec1Device, ReplayedVerifyDataOnEstablishedSessionIsRefused) {
    auto msgs = record_handshake(pc, cli_rng, 1);
    ASSERT_TRUE(sec.ready(1));
    EXPECT_FALSE(raw(1, "prov-session", msgs[1]).ok());
    EXPECT_TRUE(sec.ready(1));  // the replay does not disturb the live session
}

TEST_F(Sec1Device, ReplayedHandshakeInNewSessionFailsVerification) {
    auto msgs = record_handshake(pc, cli_rng, 1);
    pc.close_session(1);
    // A replayed Command0 gets fresh device keys and random, so the old verify data cannot match.
    ASSERT_TRUE(raw(2, "prov-session", msgs[0]).ok());
    EXPECT_EQ(raw(2, "prov-session", msgs[1]).err(), fw::Err::VerifyFailed);
    EXPECT_FALSE(sec.ready(2));
    EXPECT_EQ(raw(2, "prov-config", provtest::unhex("5200")).err(), fw::Err::BadState);
}

TEST_F(Sec1Device, Command0AgainRestartsTheHandshake) {
    provtest::DirectClient link(pc, 1);
    auto c = client("abcd1234");
    ASSERT_NO_THROW(c->establish(link));
    ASSERT_NO_THROW(c->establish(link));  // a second full handshake on the same link
    provcli::ProvClient pcl(link, *c);
    EXPECT_NO_THROW(pcl.get_status());
}

TEST_F(Sec1Device, EveryTruncatedCommandIsRefused) {
    provtest::DirectClient link(pc, 1);
    auto c = client("abcd1234");
    c->establish(link);
    pc.close_session(1);
    for (const auto& msg : link.sent) {
        for (size_t n = 0; n < msg.size(); ++n) {
            std::vector<uint8_t> cut(msg.begin(), msg.begin() + static_cast<std::ptrdiff_t>(n));
            EXPECT_FALSE(raw(5, "prov-session", cut).ok()) << "prefix of " << n << " bytes";
        }
    }
    EXPECT_FALSE(sec.ready(5));
}

TEST_F(Sec1Device, GarbageSessionDataIsRefused) {
    fake::SeededRng g(99);
    for (int i = 0; i < 500; ++i) {
        std::vector<uint8_t> junk(1 + g.next() % 80);
        g.fill(junk.data(), junk.size());
        std::vector<uint8_t> out;
        fw::Status st = raw(9, "prov-session", junk, &out);
        // Junk that happens to decode as a Command0 with a 32-byte key is a valid start.
        if (st.ok()) {
            EXPECT_FALSE(out.empty());
        }
    }
    EXPECT_FALSE(sec.ready(9));
}

TEST_F(Sec1Device, WrongSchemeAndBadKeyLengthAreRefused) {
    S0SessionCmd sc = S0_SESSION_CMD__INIT;
    Sec0Payload p0 = SEC0_PAYLOAD__INIT;
    p0.payload_case = SEC0_PAYLOAD__PAYLOAD_SC;
    p0.sc = &sc;
    SessionData d = SESSION_DATA__INIT;
    d.proto_case = SESSION_DATA__PROTO_SEC0;
    d.sec0 = &p0;
    EXPECT_FALSE(raw(1, "prov-session", fw::prov::pb_pack(&d.base)).ok());

    uint8_t short_key[31] = {9};
    SessionCmd0 c0 = SESSION_CMD0__INIT;
    c0.client_pubkey = fw::prov::pb_bytes(short_key, sizeof short_key);
    Sec1Payload p1 = SEC1_PAYLOAD__INIT;
    p1.payload_case = SEC1_PAYLOAD__PAYLOAD_SC0;
    p1.sc0 = &c0;
    SessionData d1 = SESSION_DATA__INIT;
    d1.sec_ver = SEC_SCHEME_VERSION__SecScheme1;
    d1.proto_case = SESSION_DATA__PROTO_SEC1;
    d1.sec1 = &p1;
    EXPECT_EQ(raw(1, "prov-session", fw::prov::pb_pack(&d1.base)).err(), fw::Err::InvalidArg);

    uint8_t zero_key[32] = {};  // low-order point: the shared secret would be all zeros
    c0.client_pubkey = fw::prov::pb_bytes(zero_key, sizeof zero_key);
    EXPECT_FALSE(raw(1, "prov-session", fw::prov::pb_pack(&d1.base)).ok());
    EXPECT_FALSE(sec.ready(1));
}

TEST_F(Sec1Device, GarbageConfigIsRefusedAndTheStreamStaysInStep) {
    provtest::DirectClient link(pc, 1);
    auto c = client("abcd1234");
    ASSERT_NO_THROW(c->establish(link));
    std::vector<uint8_t> junk = {0xFF, 0xFF, 0xFF, 0x07, 0x12};
    c->encrypt(junk);
    EXPECT_EQ(raw(1, "prov-config", junk).err(), fw::Err::Protocol);
    std::vector<uint8_t> truncated = provtest::unhex("52");  // GetStatus cut short
    c->encrypt(truncated);
    EXPECT_FALSE(raw(1, "prov-config", truncated).ok());
    provcli::ProvClient pcl(link, *c);
    EXPECT_NO_THROW(pcl.set_config("HomeNet", "secret123"));
    EXPECT_EQ(config.set_calls, 1);
}

TEST_F(Sec1Device, SecondSessionWhileOneIsOpenIsTurnedAway) {
    provtest::DirectClient a(pc, 1), b(pc, 2);
    auto ca = client("abcd1234"), cb = client("abcd1234");
    ASSERT_NO_THROW(ca->establish(a));
    try {
        cb->establish(b);
        FAIL() << "second session was accepted";
    } catch (const provcli::SessionError& e) {
        EXPECT_NE(std::string(e.what()).find("busy"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(sec.ready(2));
    EXPECT_EQ(raw(2, "prov-config", provtest::unhex("5200")).err(), fw::Err::BadState);
    provcli::ProvClient first(a, *ca);
    EXPECT_NO_THROW(first.get_status());  // the first session is untouched

    pc.close_session(1);  // the first client went away
    EXPECT_NO_THROW(cb->establish(b));
    EXPECT_FALSE(sec.ready(1));
}

TEST_F(Sec1Device, IdleSessionCanBeTakenOver) {
    provtest::DirectClient a(pc, 1), b(pc, 2);
    auto ca = client("abcd1234"), cb = client("abcd1234");
    ASSERT_NO_THROW(ca->establish(a));
    clock.advance(fw::prov::SessionGate::kIdleTakeoverMs - 1);
    EXPECT_THROW(cb->establish(b), provcli::SessionError);
    clock.advance(1);
    EXPECT_NO_THROW(cb->establish(b));
    EXPECT_FALSE(sec.ready(1));
    EXPECT_TRUE(sec.ready(2));
}

TEST(Security0, HandshakeAndPlaintextConfig) {
    fw::prov::Security0 sec;
    RecordingConfig config;
    fw::prov::Protocomm pc(sec);
    pc.add_endpoint("prov-config", fw::prov::make_config_handler(config));
    provtest::DirectClient link(pc, 1);
    auto c = provcli::make_sec0();
    ASSERT_NO_THROW(c->establish(link));
    provcli::ProvClient pcl(link, *c);
    EXPECT_NO_THROW(pcl.set_config("Open", ""));
    EXPECT_EQ(config.set_calls, 1);
    std::string wire(link.sent.back().begin(), link.sent.back().end());
    EXPECT_NE(wire.find("Open"), std::string::npos);  // security 0 sends plaintext
}

}  // namespace
