// AWS fleet provisioning: CreateCertificateFromCsr and RegisterThing, every answer and refusal.
#include <gtest/gtest.h>

#include "service_fixture.h"

namespace devcloud_test {
namespace {

using nlohmann::json;

const std::string kCsrTopic = "$aws/certificates/create-from-csr/json";
const std::string kRegTopic = "$aws/provisioning-templates/iotfw-fleet/provision/json";

std::string csr_request(const std::string& csr) { return json{{"certificateSigningRequest", csr}}.dump(); }
std::string reg_request(const std::string& token, const std::string& serial) {
    return json{{"certificateOwnershipToken", token}, {"parameters", {{"SerialNumber", serial}}}}.dump();
}

class devcloudAws : public ServiceTest {
protected:
    devcloud::EnrollmentService svc_ = service();

    // The token of an accepted CreateCertificateFromCsr for a CSR with `cn`.
    std::string token_for(const std::string& cn) {
        Answer a = ask(svc_, kCsrTopic, csr_request(make_csr("CN=" + cn)));
        EXPECT_EQ(a.topic, kCsrTopic + "/accepted") << a.body.dump();
        return a.body.value("certificateOwnershipToken", "");
    }

    void expect_rejected(const Answer& a, const std::string& topic, int status, const std::string& code) {
        EXPECT_EQ(a.topic, topic + "/rejected");
        EXPECT_EQ(a.body.value("statusCode", 0), status) << a.body.dump();
        EXPECT_EQ(a.body.value("errorCode", ""), code) << a.body.dump();
        EXPECT_FALSE(a.body.value("errorMessage", "").empty());
    }
};

TEST_F(devcloudAws, SubscribesToEveryRequestTopicPlainAndRouted) {
    EXPECT_EQ(devcloud::EnrollmentService::request_filters(),
              (std::vector<std::string>{kCsrTopic, "$aws/provisioning-templates/+/provision/json", "/provision/request",
                                        "provisioning/+/request", "iotfw-route/+/" + kCsrTopic,
                                        "iotfw-route/+/$aws/provisioning-templates/+/provision/json",
                                        "iotfw-route/+//provision/request", "iotfw-route/+/provisioning/+/request"}));
}

// A request the broker's reply_route plugin hands over with its sender: answered as the plain
// one, on the routed form of the answer topic, which the plugin delivers to that sender alone.
TEST_F(devcloudAws, ARoutedRequestIsAnsweredToItsSender) {
    Answer a = ask(svc_, "iotfw-route/ESP32_00002A/" + kCsrTopic, csr_request(make_csr("CN=ESP32_00002A")));
    EXPECT_EQ(a.topic, "iotfw-route/ESP32_00002A/" + kCsrTopic + "/accepted") << a.body.dump();
    std::string token = a.body.value("certificateOwnershipToken", "");
    Answer r = ask(svc_, "iotfw-route/ESP32_00002A/" + kRegTopic, reg_request(token, "ESP32_00002A"));
    EXPECT_EQ(r.topic, "iotfw-route/ESP32_00002A/" + kRegTopic + "/accepted") << r.body.dump();
    EXPECT_EQ(r.body.value("thingName", ""), "ESP32_00002A");
    for (const char* t :
         {"iotfw-route/ESP32_00002A/devices/x/telemetry", "iotfw-route//$aws/certificates/create-from-csr/json",
          "iotfw-route/ESP32_00002A/", "iotfw-route/a+b/$aws/certificates/create-from-csr/json"})
        EXPECT_TRUE(svc_.handle(t, csr_request(make_csr("CN=x"))).empty()) << t;
}

TEST_F(devcloudAws, OtherTopicsAreNotAnswered) {
    for (const char* t :
         {"$aws/certificates/create-from-csr/json/accepted", "$aws/provisioning-templates//provision/json",
          "$aws/provisioning-templates/a/b/provision/json", "devices/dev-1/telemetry", "/provision/response",
          "provisioning/dev-1/response", "provisioning//request"})
        EXPECT_TRUE(svc_.handle(t, "{}").empty()) << t;
    EXPECT_TRUE(logs_.empty());
}

TEST_F(devcloudAws, AnswersEchoTheRequestsClientToken) {
    // The requester tells its own rejection by the token (a rejection names no device).
    json bad = json{{"certificateSigningRequest", 42}, {"clientToken", "ct-7"}};
    Answer r = ask(svc_, kCsrTopic, bad.dump());
    expect_rejected(r, kCsrTopic, 400, "InvalidPayload");
    EXPECT_EQ(r.body.value("clientToken", ""), "ct-7");
    json good = json{{"certificateSigningRequest", make_csr("CN=dev-9")}, {"clientToken", "ct-8"}};
    Answer a = ask(svc_, kCsrTopic, good.dump());
    ASSERT_EQ(a.topic, kCsrTopic + "/accepted");
    EXPECT_EQ(a.body.value("clientToken", ""), "ct-8");
    json reg = json::parse(reg_request("no-such-token", "dev-9"));
    reg["clientToken"] = "ct-9";
    Answer g = ask(svc_, kRegTopic, reg.dump());
    expect_rejected(g, kRegTopic, 400, "InvalidCertificateOwnershipToken");
    EXPECT_EQ(g.body.value("clientToken", ""), "ct-9");
}

TEST_F(devcloudAws, CreateFromCsrIssuesCertificateAndToken) {
    Answer a = ask(svc_, kCsrTopic, csr_request(make_csr("CN=dev-9")));
    ASSERT_EQ(a.topic, kCsrTopic + "/accepted");
    EXPECT_EQ(a.body.size(), 3u) << a.body.dump();
    std::string token = a.body.value("certificateOwnershipToken", "");
    EXPECT_GE(token.size(), 32u);
    EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos) << token;
    std::string pem = a.body.value("certificatePem", "");
    EXPECT_EQ(pem, leaf_of(pem) + ca_.issuer_pem());
    EXPECT_EQ(a.body.value("certificateId", ""), devcloud::FleetCa::fingerprint(pem));
    auto cn = ca_.verify(pem, now_s());
    ASSERT_TRUE(std::holds_alternative<std::string>(cn));
    EXPECT_EQ(std::get<std::string>(cn), "dev-9");
    ASSERT_EQ(logs_.size(), 1u);
    EXPECT_EQ(logs_[0].rfind("enroll dev-9 aws/create-from-csr accepted: certificate ", 0), 0u) << logs_[0];
    EXPECT_EQ(registry_.find("dev-9"), nullptr) << "registered only by RegisterThing";
}

TEST_F(devcloudAws, CreateFromCsrRefusesBadPayloads) {
    expect_rejected(ask(svc_, kCsrTopic, "{\"certificateSigningRequest\":"), kCsrTopic, 400, "InvalidPayload");
    expect_rejected(ask(svc_, kCsrTopic, "{}"), kCsrTopic, 400, "InvalidPayload");
    expect_rejected(ask(svc_, kCsrTopic, "{\"certificateSigningRequest\":42}"), kCsrTopic, 400, "InvalidPayload");
    expect_rejected(ask(svc_, kCsrTopic, "[\"-----BEGIN CERTIFICATE REQUEST-----\"]"), kCsrTopic, 400,
                    "InvalidPayload");
    ASSERT_EQ(logs_.size(), 4u);
    EXPECT_EQ(logs_[0], "enroll ? aws/create-from-csr rejected InvalidPayload: request is not a JSON object");
    EXPECT_EQ(logs_[1],
              "enroll ? aws/create-from-csr rejected InvalidPayload: certificateSigningRequest must be a string");
}

TEST_F(devcloudAws, CreateFromCsrRefusesBadCsrs) {
    const std::vector<std::string> bad = {
        "garbage", "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n",
        break_signature(make_csr("CN=dev-9")), make_csr("CN=dev-9", KeyKind::Rsa1024), make_csr("CN=dev/9")};
    for (const auto& csr : bad) {
        Answer a = ask(svc_, kCsrTopic, csr_request(csr));
        expect_rejected(a, kCsrTopic, 400, "InvalidCsr");
    }
    Answer slash = ask(svc_, kCsrTopic, csr_request(make_csr("CN=dev/9")));
    EXPECT_EQ(slash.body.value("errorMessage", ""), "CSR CN 'dev/9' is not a device id (1..64 of [A-Za-z0-9._-])");
    EXPECT_EQ(logs_.back(),
              "enroll ? aws/create-from-csr rejected InvalidCsr: " + slash.body.value("errorMessage", ""));
}

TEST_F(devcloudAws, RegisterThingRegistersTheDevice) {
    clock_ms_ = now_s() * 1000 + 123;
    Answer created = ask(svc_, kCsrTopic, csr_request(make_csr("CN=dev-9")));
    std::string token = created.body.value("certificateOwnershipToken", "");
    Answer a = ask(svc_, kRegTopic, reg_request(token, "dev-9"));
    EXPECT_EQ(a.topic, kRegTopic + "/accepted");
    EXPECT_EQ(a.body, json::parse(R"({"deviceConfiguration":{},"thingName":"dev-9"})"));
    const devcloud::DeviceRecord* r = registry_.find("dev-9");
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->flow, "aws");
    EXPECT_EQ(r->certificate_id, created.body.value("certificateId", ""));
    EXPECT_EQ(r->registered_ms, clock_ms_);
    EXPECT_NE(devcloud::Registry(registry_path_).find("dev-9"), nullptr) << "saved to the file";
    EXPECT_EQ(logs_.back(), "enroll dev-9 aws/register-thing(iotfw-fleet) accepted: thing registered");
}

TEST_F(devcloudAws, ATokenServesOneRegistration) {
    std::string token = token_for("dev-9");
    EXPECT_EQ(ask(svc_, kRegTopic, reg_request(token, "dev-9")).topic, kRegTopic + "/accepted");
    Answer again = ask(svc_, kRegTopic, reg_request(token, "dev-9"));
    expect_rejected(again, kRegTopic, 400, "InvalidCertificateOwnershipToken");
    EXPECT_EQ(again.body.value("errorMessage", ""), "certificateOwnershipToken is already used");
}

TEST_F(devcloudAws, TokensExpire) {
    std::string token = token_for("dev-9");
    clock_ms_ += 3600 * 1000;
    Answer a = ask(svc_, kRegTopic, reg_request(token, "dev-9"));
    expect_rejected(a, kRegTopic, 400, "InvalidCertificateOwnershipToken");
    EXPECT_EQ(a.body.value("errorMessage", ""), "certificateOwnershipToken is expired");
    EXPECT_EQ(registry_.find("dev-9"), nullptr);
}

TEST_F(devcloudAws, TokenTtlIsConfigurable) {
    devcloud::ServiceConfig cfg;
    cfg.token_ttl_s = 10;
    devcloud::EnrollmentService s = service(cfg);
    std::string token =
        ask(s, kCsrTopic, csr_request(make_csr("CN=dev-9"))).body.value("certificateOwnershipToken", "");
    clock_ms_ += 9999;
    EXPECT_EQ(ask(s, kRegTopic, reg_request(token, "dev-9")).topic, kRegTopic + "/accepted");
    std::string late = ask(s, kCsrTopic, csr_request(make_csr("CN=dev-8"))).body.value("certificateOwnershipToken", "");
    clock_ms_ += 10000;
    expect_rejected(ask(s, kRegTopic, reg_request(late, "dev-8")), kRegTopic, 400, "InvalidCertificateOwnershipToken");
}

TEST_F(devcloudAws, UnknownTokensAreRefused) {
    token_for("dev-9");
    Answer a = ask(svc_, kRegTopic, reg_request(std::string(64, 'a'), "dev-9"));
    expect_rejected(a, kRegTopic, 400, "InvalidCertificateOwnershipToken");
    EXPECT_EQ(a.body.value("errorMessage", ""), "certificateOwnershipToken is unknown");
}

TEST_F(devcloudAws, UnknownTemplateIsNotFound) {
    std::string token = token_for("dev-9");
    const std::string other = "$aws/provisioning-templates/other/provision/json";
    Answer a = ask(svc_, other, reg_request(token, "dev-9"));
    expect_rejected(a, other, 404, "ResourceNotFound");
    EXPECT_EQ(a.body.value("errorMessage", ""), "provisioning template 'other' does not exist");
    EXPECT_EQ(ask(svc_, kRegTopic, reg_request(token, "dev-9")).topic, kRegTopic + "/accepted") << "token not spent";
}

TEST_F(devcloudAws, TemplatesAreConfigurable) {
    devcloud::ServiceConfig cfg;
    cfg.aws_templates = {"line-a", "line-b"};
    devcloud::EnrollmentService s = service(cfg);
    std::string token =
        ask(s, kCsrTopic, csr_request(make_csr("CN=dev-9"))).body.value("certificateOwnershipToken", "");
    expect_rejected(ask(s, kRegTopic, reg_request(token, "dev-9")), kRegTopic, 404, "ResourceNotFound");
    const std::string b = "$aws/provisioning-templates/line-b/provision/json";
    EXPECT_EQ(ask(s, b, reg_request(token, "dev-9")).topic, b + "/accepted");
}

TEST_F(devcloudAws, SerialNumberMustBeTheCertificateCn) {
    std::string token = token_for("dev-9");
    Answer a = ask(svc_, kRegTopic, reg_request(token, "dev-1"));
    expect_rejected(a, kRegTopic, 400, "InvalidParameters");
    EXPECT_EQ(a.body.value("errorMessage", ""), "certificate CN 'dev-9' does not match SerialNumber 'dev-1'");
    EXPECT_EQ(registry_.find("dev-1"), nullptr);
    EXPECT_EQ(
        logs_.back(),
        "enroll dev-1 aws/register-thing(iotfw-fleet) rejected InvalidParameters: certificate CN 'dev-9' does not "
        "match SerialNumber 'dev-1'");
    Answer missing =
        ask(svc_, kRegTopic, json{{"certificateOwnershipToken", token}, {"parameters", json::object()}}.dump());
    expect_rejected(missing, kRegTopic, 400, "InvalidParameters");
    Answer none = ask(svc_, kRegTopic, json{{"certificateOwnershipToken", token}}.dump());
    expect_rejected(none, kRegTopic, 400, "InvalidParameters");
}

TEST_F(devcloudAws, RegisterThingRefusesBadPayloads) {
    std::string token = token_for("dev-9");
    expect_rejected(ask(svc_, kRegTopic, "{\"certificateOwnershipToken\":"), kRegTopic, 400, "InvalidPayload");
    expect_rejected(ask(svc_, kRegTopic, R"({"parameters":{"SerialNumber":"dev-9"}})"), kRegTopic, 400,
                    "InvalidPayload");
    expect_rejected(ask(svc_, kRegTopic, json{{"certificateOwnershipToken", 7}}.dump()), kRegTopic, 400,
                    "InvalidPayload");
    expect_rejected(ask(svc_, kRegTopic, json{{"certificateOwnershipToken", token}, {"parameters", "dev-9"}}.dump()),
                    kRegTopic, 400, "InvalidPayload");
}

TEST_F(devcloudAws, ARegistryThatCannotBeWrittenIsAnInternalFailure) {
    devcloud::Registry broken("/nonexistent-dir/registry.json");
    devcloud::EnrollmentService s(
        ca_, broken, {}, [this] { return clock_ms_; }, nullptr);
    std::string token =
        ask(s, kCsrTopic, csr_request(make_csr("CN=dev-9"))).body.value("certificateOwnershipToken", "");
    Answer a = ask(s, kRegTopic, reg_request(token, "dev-9"));
    expect_rejected(a, kRegTopic, 500, "InternalFailure");
    EXPECT_NE(a.body.value("errorMessage", "").find("/nonexistent-dir/registry.json"), std::string::npos);
}

TEST_F(devcloudAws, EachRequestIsLoggedOnce) {
    std::string token = token_for("dev-9");
    svc_.handle(kRegTopic, reg_request(token, "dev-9"));
    svc_.handle(kCsrTopic, "nope");
    EXPECT_EQ(logs_.size(), 3u);
}

}  // namespace
}  // namespace devcloud_test
