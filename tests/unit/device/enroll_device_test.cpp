// Enrollment on a whole simulated board: a device with only the fleet's claim identity makes its
// key, obtains a certificate from the cloud (devcloud's enrollment service behind the in-process
// broker, real TLS and MQTT bytes), stores it and comes online under its own identity; and every
// bad answer is refused, never stored, and retried with backoff until the cloud behaves.
#include <gtest/gtest.h>
#include <mbedtls/x509_crt.h>

#include "device_board.h"
#include "enroll_cloud.h"
#include "firmware/app/identity/x509_info.h"
#include "firmware/storage/key_seal.h"

namespace {

using device_test::Board;
using device_test::BoardConfig;
using device_test::Cloud;
using device_test::online;
using device_test::pki;
using State = fw::app::Device::State;
using fw::app::Json;

constexpr const char* kId = "ESP32_123456";  // from the fake eFuse MAC 24:0a:c4:12:34:56

BoardConfig fleet_device(const std::string& extra) {
    BoardConfig c;
    c.identity = "";
    c.claim = true;
    c.extra_json = extra;
    return c;
}

std::string cert_cn(const std::string& pem) {
    mbedtls_x509_crt crt;
    mbedtls_x509_crt_init(&crt);
    std::string cn = fw::app::parse_certs(crt, pem) ? fw::app::x509_common_name(crt.subject) : "";
    mbedtls_x509_crt_free(&crt);
    return cn;
}

size_t requests_on(const Board& b, const std::string& topic) { return b.broker.received_on(topic); }

TEST(Enrollment, AwsFlowGivesTheDeviceItsOwnCertificate) {
    Board b(fleet_device(R"("enroll": "aws")"));
    Cloud cloud(b);
    b.boot();
    ASSERT_TRUE(online(b)) << "state " << fw::app::Device::state_name(b.state());
    EXPECT_TRUE(b.log.contains("state check-credentials -> enrolling: device.crt: not found: enrolling (aws flow)"));
    EXPECT_TRUE(b.log.contains("generated the device key (EC P-256) and stored it sealed with the eFuse secret"));
    EXPECT_TRUE(b.log.contains("enrolled as ESP32_123456 after 1 attempt(s)"));
    EXPECT_TRUE(b.log.contains("state check-credentials -> connecting"));
    // Claim identity first (create-from-csr, register-thing), then the device's own.
    ASSERT_EQ(b.broker.session_cns.size(), 2u);
    EXPECT_EQ(b.broker.session_cns[0], "claim");
    EXPECT_EQ(b.broker.session_cns[1], kId);
    EXPECT_EQ(requests_on(b, "$aws/certificates/create-from-csr/json"), 1u);
    EXPECT_EQ(requests_on(b, "$aws/provisioning-templates/iotfw-fleet/provision/json"), 1u);
    EXPECT_EQ(cert_cn(b.cert_file("device.crt")), kId);
    std::string key = b.cert_file("device.key");
    EXPECT_TRUE(fw::storage::is_sealed({reinterpret_cast<const uint8_t*>(key.data()), key.size()}));
    ASSERT_NE(cloud.registry().find(kId), nullptr);
    EXPECT_EQ(cloud.registry().find(kId)->flow, "aws");
    b.run_for(3000);
    EXPECT_GE(b.broker.received_on(std::string("devices/") + kId + "/telemetry"), 2u);
}

TEST(Enrollment, AnEnrolledDeviceRebootsStraightOnline) {
    Board b(fleet_device(R"("enroll": "aws")"));
    Cloud cloud(b);
    b.boot();
    ASSERT_TRUE(online(b));
    std::string key = b.cert_file("device.key"), cert = b.cert_file("device.crt");
    b.device.reset();
    b.log.lines.clear();
    b.boot();
    ASSERT_TRUE(online(b));
    EXPECT_FALSE(b.log.contains("enrolling"));
    EXPECT_EQ(b.cert_file("device.key"), key);
    EXPECT_EQ(b.cert_file("device.crt"), cert);
    EXPECT_EQ(b.broker.session_cns.back(), kId);
    EXPECT_EQ(requests_on(b, "$aws/certificates/create-from-csr/json"), 1u);
}

TEST(Enrollment, ThingsBoardFlowRegistersTheCertificateAsProvision) {
    Board b(fleet_device(R"("enroll": "thingsboard", "profile": "thingsboard", "tb_prov_key": "iotfw-provision-key",
                            "tb_prov_secret": "iotfw-provision-secret")"));
    Cloud cloud(b);
    b.boot();
    ASSERT_TRUE(online(b)) << "state " << fw::app::Device::state_name(b.state());
    ASSERT_EQ(b.broker.session_cns.size(), 2u);
    EXPECT_EQ(b.broker.session_cns[0], "claim");
    EXPECT_EQ(requests_on(b, "/provision/request"), 1u);
    ASSERT_NE(cloud.registry().find(kId), nullptr);
    EXPECT_EQ(cloud.registry().find(kId)->flow, "thingsboard");
    b.run_for(3000);
    EXPECT_GE(b.broker.received_on("v1/devices/me/telemetry"), 2u);
}

TEST(Enrollment, ARejectionWithoutTheRequestsClientTokenIsNotTaken) {
    // Another party on the shared answer topics rejects every request first: the device's own
    // answers, which echo its token, still come through, and it enrolls at the first attempt.
    Board b(fleet_device(R"("enroll": "thingsboard", "profile": "thingsboard", "tb_prov_key": "iotfw-provision-key",
                            "tb_prov_secret": "iotfw-provision-secret")"));
    Cloud cloud(b);
    auto cloud_answers = b.broker.on_publish;
    b.broker.on_publish = [&](const device_test::LoopBroker::Message& m) {
        if (m.topic == "/provision/request")
            b.broker.publish("/provision/response", R"({"status":"NOT_FOUND","errorMsg":"forged"})");
        if (m.topic == "$aws/certificates/create-from-csr/json")
            b.broker.publish("$aws/certificates/create-from-csr/json/rejected",
                             R"({"statusCode":400,"errorCode":"InvalidCsr"})");
        cloud_answers(m);
    };
    b.boot();
    ASSERT_TRUE(online(b)) << "state " << fw::app::Device::state_name(b.state());
    EXPECT_FALSE(b.log.contains("forged"));
    EXPECT_FALSE(b.log.contains("InvalidCsr"));
    EXPECT_TRUE(b.log.contains("after 1 attempt(s)"));
}

TEST(Enrollment, AWrongProvisionSecretIsSurfacedAndRetriedWithBackoff) {
    Board b(fleet_device(R"("enroll": "thingsboard", "profile": "thingsboard", "tb_prov_key": "iotfw-provision-key",
                            "tb_prov_secret": "wrong")"));
    Cloud cloud(b);
    b.boot();
    b.run_for(10 * 60 * 1000);
    EXPECT_EQ(b.state(), State::Enrolling);
    EXPECT_TRUE(b.log.contains("thingsboard-provision NOT_FOUND: Failed to provision device!"));
    size_t tries = requests_on(b, "/provision/request");
    EXPECT_GE(tries, 3u);  // it keeps trying by itself...
    EXPECT_LE(tries, 9u);  // ...with a growing delay (10 s base doubling, 15 min cap), never in a loop
    EXPECT_EQ(b.cert_file("device.crt"), "");  // nothing stored without the platform's yes
    EXPECT_EQ(cloud.registry().find(kId), nullptr);
}

TEST(Enrollment, OpenRemoteFlowProvisionsOnEveryConnection) {
    Board b(fleet_device(R"("enroll": "openremote", "profile": "openremote")"));
    Cloud cloud(b);
    b.boot();
    ASSERT_TRUE(online(b)) << "state " << fw::app::Device::state_name(b.state());
    const devcloud::DeviceRecord* rec = cloud.registry().find(kId);
    ASSERT_NE(rec, nullptr);
    std::string asset = rec->asset_id;
    EXPECT_EQ(asset.size(), 22u);
    EXPECT_EQ(b.device->config().or_asset_id, asset);
    EXPECT_TRUE(b.log.contains("OpenRemote provisioned: realm master, asset " + asset));
    // First connection learns the asset, the second (with a last will naming it) provisions again.
    EXPECT_EQ(requests_on(b, std::string("provisioning/") + kId + "/request"), 2u);
    b.run_for(3000);
    std::string base = std::string("master/") + kId + "/writeattributevalue/";
    EXPECT_GE(b.broker.received_on(base + "temperature/" + asset), 2u);

    b.broker.drop();
    ASSERT_TRUE(b.run_until([&] { return b.state() != State::Online; }, 120000));
    ASSERT_TRUE(online(b, 120000));
    EXPECT_EQ(requests_on(b, std::string("provisioning/") + kId + "/request"), 3u);
}

TEST(Enrollment, AnOpenRemoteRefusalIsRetriedWithBackoff) {
    Board b(fleet_device(R"("enroll": "openremote", "profile": "openremote")"));
    Cloud cloud(b);
    int refusals = 2;
    auto real = b.broker.on_publish;
    b.broker.on_publish = [&](const device_test::LoopBroker::Message& m) {
        if (m.topic == std::string("provisioning/") + kId + "/request" && refusals > 0) {
            --refusals;
            b.broker.publish(std::string("provisioning/") + kId + "/response",
                             R"({"type":"error","error":"CONFIG_DISABLED"})");
            return;
        }
        real(m);
    };
    b.boot();
    ASSERT_TRUE(online(b, 10 * 60 * 1000)) << "state " << fw::app::Device::state_name(b.state());
    EXPECT_TRUE(b.log.contains("OpenRemote provisioning refused: error CONFIG_DISABLED; retry in"));
    EXPECT_EQ(refusals, 0);
    // Two refused, one that taught the asset id, one more after the reconnect that names it.
    EXPECT_EQ(requests_on(b, std::string("provisioning/") + kId + "/request"), 4u);
    EXPECT_EQ(b.device->config().or_asset_id, cloud.registry().find(kId)->asset_id);
}

TEST(Enrollment, WithoutAClaimIdentityTheDeviceSaysWhatIsMissing) {
    BoardConfig c = fleet_device(R"("enroll": "aws")");
    c.claim = false;
    Board b(c);
    b.boot();
    b.run_for(60000);
    EXPECT_EQ(b.state(), State::NeedsCertificate);
    EXPECT_TRUE(b.log.contains("cannot enroll: no usable claim identity: claim.crt: not found"));
    EXPECT_EQ(b.broker.connect_attempts, 0);
}

TEST(Enrollment, SilenceIsATimeoutThenRetriedUntilTheCloudAnswers) {
    Board b(fleet_device(R"("enroll": "aws")"));
    Cloud cloud(b);
    cloud.answering = false;
    b.boot();
    b.run_for(3 * 60 * 1000);
    EXPECT_EQ(b.state(), State::Enrolling);
    EXPECT_TRUE(b.log.contains("create-from-csr no answer within 30 s"));
    size_t tries = requests_on(b, "$aws/certificates/create-from-csr/json");
    EXPECT_GE(tries, 2u);
    EXPECT_LE(tries, 5u);
    cloud.answering = true;
    ASSERT_TRUE(online(b, 20 * 60 * 1000)) << b.log.lines.back();
    EXPECT_EQ(cert_cn(b.cert_file("device.crt")), kId);
}

// A cloud that answers create-from-csr with what the test scripts, once, then like devcloud.
class BadCloud {
public:
    using Answer = std::function<std::string(const std::string& csr_pem)>;
    BadCloud(Board& b, Answer bad) : bad_(std::move(bad)), good_(b) {
        auto real = b.broker.on_publish;
        b.broker.on_publish = [this, &b, real](const device_test::LoopBroker::Message& m) {
            if (m.topic == "$aws/certificates/create-from-csr/json" && !used_) {
                used_ = true;
                Json req = Json::parse(m.payload, nullptr, false);
                b.broker.publish("$aws/certificates/create-from-csr/json/accepted",
                                 bad_(req.value("certificateSigningRequest", std::string())));
                return;
            }
            real(m);
        };
    }

private:
    Answer bad_;
    Cloud good_;
    bool used_ = false;
};

std::string accepted(const std::string& pem) {
    return Json{{"certificateOwnershipToken", "t"}, {"certificateId", "x"}, {"certificatePem", pem}}.dump();
}

// Signs the device's CSR with `ca` at time `now_s`.
std::string sign(devcloud::FleetCa& ca, const std::string& csr, int64_t now_s) {
    auto r = ca.sign_csr(csr, now_s);
    EXPECT_TRUE(std::holds_alternative<devcloud::IssuedCert>(r));
    return std::holds_alternative<devcloud::IssuedCert>(r) ? std::get<devcloud::IssuedCert>(r).chain_pem : "";
}

int64_t now_s() { return device_test::wall_clock_ms() / 1000; }

struct BadAnswerCase {
    const char* name;
    const char* logged;  // what the device says about it
    std::function<std::string(const std::string&)> answer;
};

class BadAnswer : public ::testing::TestWithParam<BadAnswerCase> {};

TEST_P(BadAnswer, IsRefusedNeverStoredAndTheDeviceRecovers) {
    Board b(fleet_device(R"("enroll": "aws")"));
    BadCloud cloud(b, GetParam().answer);
    b.boot();
    ASSERT_TRUE(b.run_until([&] { return b.log.contains("enrollment attempt 1 failed"); }, 120000));
    EXPECT_TRUE(b.log.contains(GetParam().logged)) << GetParam().name;
    EXPECT_EQ(b.cert_file("device.crt"), "");
    ASSERT_TRUE(online(b, 5 * 60 * 1000));
    EXPECT_EQ(cert_cn(b.cert_file("device.crt")), kId);
    EXPECT_EQ(b.broker.session_cns.back(), kId);
}

INSTANTIATE_TEST_SUITE_P(
    Enrollment, BadAnswer,
    ::testing::Values(
        BadAnswerCase{"malformed",
                      "create-from-csr answer on $aws/certificates/create-from-csr/json/accepted is not a JSON object",
                      [](const std::string&) { return std::string("{\"certificatePem\":"); }},
        BadAnswerCase{"unknown_ca", "which does not chain to the fleet CA",
                      [](const std::string& csr) {
                          devcloud::FleetCa rogue(pki().path("rogue/ca.crt"), pki().path("rogue/ca.key"),
                                                  pki().path("rogue/ca.crt"));
                          return accepted(sign(rogue, csr, now_s()));
                      }},
        BadAnswerCase{"expired", "certificate already expired",
                      [](const std::string& csr) {
                          devcloud::FleetCa ca(pki().path("intermediate.crt"), pki().path("intermediate/ca.key"),
                                               pki().ca_file(), 30);
                          return accepted(sign(ca, csr, now_s() - 90 * 86400));
                      }},
        BadAnswerCase{"other_device_then_silence", "create-from-csr no answer within 30 s",
                      [](const std::string&) { return accepted(device_test::pki().device_pem("dev-1").chain); }}),
    [](const ::testing::TestParamInfo<BadAnswerCase>& i) { return std::string(i.param.name); });

}  // namespace
