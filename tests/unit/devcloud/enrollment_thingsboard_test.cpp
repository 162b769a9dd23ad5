// ThingsBoard X.509 device provisioning: the SUCCESS answer and each refusal.
#include <gtest/gtest.h>

#include <cctype>
#include <sstream>

#include "service_fixture.h"

namespace devcloud_test {
namespace {

using nlohmann::json;

const std::string kRequest = "/provision/request";
const std::string kResponse = "/provision/response";

json tb_request(const std::string& name, const std::string& cert_pem) {
    return {{"deviceName", name},
            {"provisionDeviceKey", "iotfw-provision-key"},
            {"provisionDeviceSecret", "iotfw-provision-secret"},
            {"credentialsType", "X509_CERTIFICATE"},
            {"hash", cert_pem}};
}

// 8-4-4-4-12 lower-case hex digits.
bool is_uuid(const std::string& s) {
    if (s.size() != 36) return false;
    for (size_t i = 0; i < s.size(); ++i) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash != (s[i] == '-')) return false;
        if (!dash && !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
        if (s[i] >= 'A' && s[i] <= 'F') return false;
    }
    return true;
}

// The base64 body of a PEM: what real ThingsBoard devices often send as "hash".
std::string base64_body(const std::string& pem) {
    std::string out;
    std::istringstream in(pem);
    for (std::string line; std::getline(in, line);)
        if (line.rfind("-----", 0) != 0) out += line;
    return out;
}

class devcloudThingsBoard : public ServiceTest {
protected:
    devcloud::EnrollmentService svc_ = service();

    Answer provision(const json& req) { return ask(svc_, kRequest, req.dump()); }

    void expect_failure(const Answer& a, const std::string& message_part) {
        EXPECT_EQ(a.topic, kResponse);
        EXPECT_EQ(a.body.value("status", ""), "FAILURE") << a.body.dump();
        EXPECT_NE(a.body.value("errorMsg", "").find(message_part), std::string::npos) << a.body.dump();
    }
};

TEST_F(devcloudThingsBoard, ProvisionsADeviceWithItsCertificate) {
    std::string pem = file_text(pki().device_cert_file("dev-1"));
    Answer a = provision(tb_request("dev-1", pem));
    EXPECT_EQ(a.topic, kResponse);
    std::string fingerprint = devcloud::FleetCa::fingerprint(pem);
    ASSERT_FALSE(fingerprint.empty());
    EXPECT_EQ(a.body.value("status", ""), "SUCCESS");
    EXPECT_EQ(a.body.value("credentialsType", ""), "X509_CERTIFICATE");
    EXPECT_EQ(a.body.value("credentialsId", ""), fingerprint);
    EXPECT_EQ(a.body.value("credentialsValue", ""), pem);
    std::string id = a.body.value("deviceId", "");
    EXPECT_TRUE(is_uuid(id)) << id;
    const devcloud::DeviceRecord* r = registry_.find("dev-1");
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->flow, "thingsboard");
    EXPECT_EQ(r->certificate_id, fingerprint);
    EXPECT_EQ(logs_.back(), "enroll dev-1 thingsboard/provision SUCCESS");

    devcloud::EnrollmentService other = service();
    EXPECT_EQ(ask(other, kRequest, tb_request("dev-1", pem).dump()).body.value("deviceId", ""), id) << "stable";
    EXPECT_NE(provision(tb_request("dev-2", file_text(pki().device_cert_file("dev-2")))).body.value("deviceId", ""),
              id);
}

TEST_F(devcloudThingsBoard, TakesTheBase64BodyAsRealThingsBoardDoes) {
    std::string pem = file_text(pki().device_cert_file("dev-1"));
    Answer a = provision(tb_request("dev-1", base64_body(pem)));
    EXPECT_EQ(a.body.value("status", ""), "SUCCESS") << a.body.dump();
    EXPECT_EQ(a.body.value("credentialsValue", ""), pem) << "normalised to the full PEM";
    EXPECT_EQ(a.body.value("credentialsId", ""), devcloud::FleetCa::fingerprint(pem));
}

TEST_F(devcloudThingsBoard, AWrongKeyOrSecretIsNotFound) {
    json wrong_secret = tb_request("dev-1", file_text(pki().device_cert_file("dev-1")));
    wrong_secret["provisionDeviceSecret"] = "guess";
    json wrong_key = tb_request("dev-1", file_text(pki().device_cert_file("dev-1")));
    wrong_key["provisionDeviceKey"] = "guess";
    for (const json& req : {wrong_secret, wrong_key}) {
        Answer a = provision(req);
        EXPECT_EQ(a.topic, kResponse);
        EXPECT_EQ(a.body, json::parse(R"({"status":"NOT_FOUND","errorMsg":"Failed to provision device!"})"));
    }
    EXPECT_EQ(registry_.find("dev-1"), nullptr);
    EXPECT_EQ(logs_.back(),
              "enroll dev-1 thingsboard/provision NOT_FOUND: wrong provisionDeviceKey or provisionDeviceSecret");
}

TEST_F(devcloudThingsBoard, AnswersEchoTheRequestsClientToken) {
    json req = tb_request("dev-1", file_text(pki().device_cert_file("dev-1")));
    req["provisionDeviceSecret"] = "guess";
    req["clientToken"] = "ct-3";
    Answer a = provision(req);
    EXPECT_EQ(a.body.value("status", ""), "NOT_FOUND");
    EXPECT_EQ(a.body.value("clientToken", ""), "ct-3");
}

TEST_F(devcloudThingsBoard, KeyAndSecretAreConfigurable) {
    devcloud::ServiceConfig cfg;
    cfg.tb_key = "k";
    cfg.tb_secret = "s";
    devcloud::EnrollmentService s = service(cfg);
    json req = tb_request("dev-1", file_text(pki().device_cert_file("dev-1")));
    EXPECT_EQ(ask(s, kRequest, req.dump()).body.value("status", ""), "NOT_FOUND");
    req["provisionDeviceKey"] = "k";
    req["provisionDeviceSecret"] = "s";
    EXPECT_EQ(ask(s, kRequest, req.dump()).body.value("status", ""), "SUCCESS");
}

TEST_F(devcloudThingsBoard, RefusesCertificatesThatDoNotCheckOut) {
    expect_failure(provision(tb_request("rogue", file_text(pki().device_cert_file("rogue")))),
                   "certificate is not issued by a trusted CA");
    expect_failure(provision(tb_request("dev-old", file_text(pki().device_cert_file("dev-old")))),
                   "certificate expired on ");
    expect_failure(provision(tb_request("dev-x", "not a certificate")), "not a PEM certificate");
    Answer mismatch = provision(tb_request("dev-2", file_text(pki().device_cert_file("dev-1"))));
    expect_failure(mismatch, "certificate CN 'dev-1' does not match deviceName 'dev-2'");
    EXPECT_TRUE(registry_.all().empty());
}

TEST_F(devcloudThingsBoard, RefusesMalformedRequests) {
    expect_failure(ask(svc_, kRequest, "{\"deviceName\":"), "request is not a JSON object");
    json no_hash = tb_request("dev-1", "");
    no_hash.erase("hash");
    expect_failure(provision(no_hash), "missing string field \"hash\"");
    json numeric_name = tb_request("dev-1", file_text(pki().device_cert_file("dev-1")));
    numeric_name["deviceName"] = 5;
    expect_failure(provision(numeric_name), "missing string field \"deviceName\"");
    json token = tb_request("dev-1", file_text(pki().device_cert_file("dev-1")));
    token["credentialsType"] = "ACCESS_TOKEN";
    expect_failure(provision(token), "credentialsType 'ACCESS_TOKEN' is not supported");
    EXPECT_EQ(logs_.size(), 4u);
}

}  // namespace
}  // namespace devcloud_test
