// The enrollment flows' messages byte for byte, and how each step judges every kind of answer:
// its own, another device's, a rejection with its code, and malformed or hostile payloads.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>

#include "enroll_pki.h"
#include "firmware/app/enroll/enrollment.h"
#include "firmware/app/enroll/internal/enroll_aws.h"
#include "firmware/app/enroll/internal/enroll_openremote.h"
#include "firmware/app/enroll/internal/enroll_thingsboard.h"
#include "firmware/app/identity/x509_info.h"

using enroll_test::file_text;
using enroll_test::pki;
using fw::app::EnrollState;
using fw::app::Json;
using Kind = fw::app::StepOutcome::Kind;
namespace aws = fw::app::aws;
namespace tb = fw::app::thingsboard;
namespace orp = fw::app::openremote;

using enroll_test::now_ms;

namespace {

// dev-1's key, with its CA; the CSR text is opaque to the steps.
EnrollState state(const std::string& id = "dev-1") {
    EnrollState st;
    st.device_id = id;
    st.key_pem = file_text(pki().device_key_file(id));
    st.csr_pem = "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n";
    st.ca_pem = file_text(pki().ca_file());
    st.now_unix_ms = now_ms();
    st.client_token = "ct-1";
    return st;
}

std::string accepted(const std::string& cert_pem, const std::string& token = "tok-1") {
    Json j;
    j["certificateOwnershipToken"] = token;
    j["certificateId"] = "abc";
    j["certificatePem"] = cert_pem;
    return j.dump();
}

const std::string kCsrAccepted = "$aws/certificates/create-from-csr/json/accepted";
const std::string kCsrRejected = "$aws/certificates/create-from-csr/json/rejected";
const std::string kRegAccepted = "$aws/provisioning-templates/iotfw-fleet/provision/json/accepted";
const std::string kRegRejected = "$aws/provisioning-templates/iotfw-fleet/provision/json/rejected";

TEST(AwsCreateFromCsr, RequestAndAnswerTopics) {
    EnrollState st = state();
    aws::CreateCertificateFromCsr step(st);
    EXPECT_EQ(step.answer_filters(), (std::vector<std::string>{kCsrAccepted, kCsrRejected}));
    fw::app::Publish p = step.request();
    EXPECT_EQ(p.topic, "$aws/certificates/create-from-csr/json");
    EXPECT_EQ(p.payload,
              "{\"certificateSigningRequest\":\"-----BEGIN CERTIFICATE REQUEST-----\\nMIIB\\n"
              "-----END CERTIFICATE REQUEST-----\\n\",\"clientToken\":\"ct-1\"}");
    EXPECT_EQ(p.qos, 1);
}

TEST(AwsCreateFromCsr, TakesItsOwnCertificateAndToken) {
    EnrollState st = state();
    aws::CreateCertificateFromCsr step(st);
    std::string chain = file_text(pki().device_chain_file("dev-1"));
    auto o = step.on_answer(kCsrAccepted, accepted(chain, "tok-42"));
    EXPECT_EQ(o.kind, Kind::Done) << o.error;
    EXPECT_EQ(st.cert_chain_pem, chain);
    EXPECT_EQ(st.ownership_token, "tok-42");
}

TEST(AwsCreateFromCsr, AnotherDevicesCertificateIsIgnored) {
    EnrollState st = state();
    aws::CreateCertificateFromCsr step(st);
    auto o = step.on_answer(kCsrAccepted, accepted(file_text(pki().device_chain_file("dev-2"))));
    EXPECT_EQ(o.kind, Kind::NotForUs);
    EXPECT_TRUE(st.cert_chain_pem.empty());
}

TEST(AwsCreateFromCsr, BadCertificatesAreRefusedAndNotKept) {
    struct Case {
        std::string cert_id, key_id, why;
    };
    // rogue and dev-old name the device they were made for; dev-2's certificate names dev-2.
    for (const Case& c : {Case{"rogue", "rogue", "which does not chain to the fleet CA"},
                          Case{"dev-old", "dev-old", "certificate already expired"},
                          Case{"dev-2", "dev-2", "issued for CN 'dev-2', not 'dev-1'"}}) {
        EnrollState st = state(c.key_id == "dev-2" ? "dev-1" : c.key_id);
        st.key_pem = file_text(pki().device_key_file(c.key_id));
        aws::CreateCertificateFromCsr step(st);
        auto o = step.on_answer(kCsrAccepted, accepted(file_text(pki().device_chain_file(c.cert_id))));
        EXPECT_EQ(o.kind, Kind::Failed) << c.cert_id;
        EXPECT_NE(o.error.find("certificate refused: "), std::string::npos) << o.error;
        EXPECT_NE(o.error.find(c.why), std::string::npos) << o.error;
        EXPECT_TRUE(st.cert_chain_pem.empty());
    }
}

TEST(AwsCreateFromCsr, RejectionCarriesTheServicesCode) {
    EnrollState st = state();
    aws::CreateCertificateFromCsr step(st);
    auto o = step.on_answer(
        kCsrRejected,
        R"({"statusCode":400,"errorCode":"InvalidCsr","errorMessage":"bad signature","clientToken":"ct-1"})");
    EXPECT_EQ(o.kind, Kind::Failed);
    EXPECT_EQ(o.error, "rejected: 400 InvalidCsr: bad signature");
    EXPECT_EQ(step.on_answer(kCsrRejected, R"({"clientToken":"ct-1"})").error, "rejected: (no errorCode)");
}

TEST(AwsCreateFromCsr, RejectionsWithoutOurClientTokenAreNotOurs) {
    // Anyone who can publish on the answer topic could send these: they must not fail our attempt.
    EnrollState st = state();
    aws::CreateCertificateFromCsr step(st);
    for (const char* forged : {R"({"statusCode":400,"errorCode":"InvalidCsr"})",
                               R"({"statusCode":400,"errorCode":"InvalidCsr","clientToken":"ct-2"})",
                               R"({"statusCode":400,"errorCode":"InvalidCsr","clientToken":7})"})
        EXPECT_EQ(step.on_answer(kCsrRejected, forged).kind, Kind::NotForUs) << forged;
    aws::RegisterThing reg(st, "iotfw-fleet");
    EXPECT_EQ(reg.on_answer(kRegRejected, R"({"statusCode":400,"errorCode":"InvalidParameters"})").kind,
              Kind::NotForUs);
}

TEST(AwsCreateFromCsr, MalformedAndHostileAnswersFailWithoutCrashing) {
    for (const char* payload :
         {"", "not json", "[1,2]", "{\"certificatePem\":5,\"certificateOwnershipToken\":[]}",
          "{\"certificatePem\":\"x\"}", "{\"certificatePem\":\"x\",\"certificateOwnershipToken\":\"\"}",
          "{\"certificatePem\":null,\"certificateOwnershipToken\":\"t\"}"}) {
        EnrollState st = state();
        aws::CreateCertificateFromCsr step(st);
        auto o = step.on_answer(kCsrAccepted, payload);
        EXPECT_EQ(o.kind, Kind::Failed) << payload;
        EXPECT_FALSE(o.error.empty());
    }
    EnrollState st = state();
    aws::CreateCertificateFromCsr step(st);
    EXPECT_EQ(step.on_answer(kCsrRejected, R"({"statusCode":"x","errorCode":7,"clientToken":"ct-1"})").error,
              "rejected: (no errorCode)");
}

TEST(AwsRegisterThing, RequestCarriesTokenAndSerialNumber) {
    EnrollState st = state();
    st.ownership_token = "tok-9";
    aws::RegisterThing step(st, "iotfw-fleet");
    EXPECT_EQ(step.answer_filters(), (std::vector<std::string>{kRegAccepted, kRegRejected}));
    fw::app::Publish p = step.request();
    EXPECT_EQ(p.topic, "$aws/provisioning-templates/iotfw-fleet/provision/json");
    EXPECT_EQ(p.payload,
              R"({"certificateOwnershipToken":"tok-9","parameters":{"SerialNumber":"dev-1"},"clientToken":"ct-1"})");
}

TEST(AwsRegisterThing, OwnThingNameDoneOthersIgnoredRejectionsFail) {
    EnrollState st = state();
    aws::RegisterThing step(st, "iotfw-fleet");
    EXPECT_EQ(step.on_answer(kRegAccepted, R"({"deviceConfiguration":{},"thingName":"dev-2"})").kind, Kind::NotForUs);
    EXPECT_EQ(step.on_answer(kRegAccepted, R"({"deviceConfiguration":{}})").kind, Kind::Failed);
    auto r = step.on_answer(
        kRegRejected, R"({"statusCode":400,"errorCode":"InvalidParameters","errorMessage":"CN","clientToken":"ct-1"})");
    EXPECT_EQ(r.error, "rejected: 400 InvalidParameters: CN");
    EXPECT_EQ(step.on_answer(kRegAccepted, R"({"deviceConfiguration":{},"thingName":"dev-1"})").kind, Kind::Done);
}

TEST(ThingsBoardProvision, RequestNamesTheDeviceAndItsCertificate) {
    EnrollState st = state();
    st.cert_chain_pem = file_text(pki().device_chain_file("dev-1"));
    tb::ProvisionDevice step(st, "key-1", "secret-1");
    EXPECT_EQ(step.answer_filters(), (std::vector<std::string>{"/provision/response"}));
    fw::app::Publish p = step.request();
    EXPECT_EQ(p.topic, "/provision/request");
    Json j = Json::parse(p.payload);
    EXPECT_EQ(j.dump(), Json({{"deviceName", "dev-1"},
                              {"provisionDeviceKey", "key-1"},
                              {"provisionDeviceSecret", "secret-1"},
                              {"credentialsType", "X509_CERTIFICATE"},
                              {"hash", fw::app::leaf_pem(st.cert_chain_pem)},
                              {"clientToken", "ct-1"}})
                            .dump());
    EXPECT_EQ(j["hash"].get<std::string>(), file_text(pki().device_cert_file("dev-1")));
}

TEST(ThingsBoardProvision, JudgesEachResponse) {
    EnrollState st = state();
    st.cert_chain_pem = file_text(pki().device_chain_file("dev-1"));
    tb::ProvisionDevice step(st, "k", "s");
    auto success = [](const std::string& pem) {
        Json j{{"status", "SUCCESS"}, {"credentialsType", "X509_CERTIFICATE"}, {"credentialsValue", pem}};
        return j.dump();
    };
    EXPECT_EQ(step.on_answer("/provision/response", success(file_text(pki().device_cert_file("dev-2")))).kind,
              Kind::NotForUs);
    EXPECT_EQ(step.on_answer("/provision/response",
                             R"({"status":"NOT_FOUND","errorMsg":"Failed to provision device!","clientToken":"ct-1"})")
                  .error,
              "NOT_FOUND: Failed to provision device!");
    EXPECT_EQ(step.on_answer("/provision/response", R"({"status":"FAILURE","clientToken":"ct-1"})").error, "FAILURE");
    // A rejection without our token may be anyone's (another device's, or forged).
    EXPECT_EQ(step.on_answer("/provision/response", R"({"status":"NOT_FOUND","errorMsg":"x"})").kind, Kind::NotForUs);
    EXPECT_EQ(step.on_answer("/provision/response", R"({"status":"FAILURE","clientToken":"ct-9"})").kind,
              Kind::NotForUs);
    EXPECT_EQ(step.on_answer("/provision/response", R"({"errorMsg":"x"})").kind, Kind::Failed);
    EXPECT_EQ(step.on_answer("/provision/response", "{\"status\":").kind, Kind::Failed);
    EXPECT_EQ(step.on_answer("/provision/response", R"({"status":"SUCCESS","credentialsType":"ACCESS_TOKEN"})").kind,
              Kind::Failed);
    std::string crlf = file_text(pki().device_cert_file("dev-1"));
    for (size_t i = crlf.find('\n'); i != std::string::npos; i = crlf.find('\n', i + 2)) crlf.insert(i, "\r");
    EXPECT_EQ(step.on_answer("/provision/response", success(crlf)).kind, Kind::Done);
    EXPECT_EQ(step.on_answer("/provision/response", R"({"provisionDeviceStatus":"SUCCESS"})").kind, Kind::Done);
}

TEST(OpenRemoteProvision, RequestAndSuccess) {
    EnrollState st = state("dev-1");
    st.cert_chain_pem = file_text(pki().device_chain_file("dev-1"));
    orp::Provision step(st);
    EXPECT_EQ(step.answer_filters(), (std::vector<std::string>{"provisioning/dev-1/response"}));
    fw::app::Publish p = step.request();
    EXPECT_EQ(p.topic, "provisioning/dev-1/request");
    EXPECT_EQ(p.payload, Json({{"type", "x509"}, {"cert", file_text(pki().device_cert_file("dev-1"))}}).dump());
    auto o = step.on_answer(
        "provisioning/dev-1/response",
        R"({"type":"success","realm":"building1","asset":{"id":"5xJdE5fVbgBRnMYQkBf1Hx","name":"dev-1"}})");
    EXPECT_EQ(o.kind, Kind::Done) << o.error;
    EXPECT_EQ(st.realm, "building1");
    EXPECT_EQ(st.asset_id, "5xJdE5fVbgBRnMYQkBf1Hx");
}

TEST(OpenRemoteProvision, ErrorsAndUnusableSuccessesFail) {
    EnrollState st = state("dev-1");
    orp::Provision step(st);
    const std::string t = "provisioning/dev-1/response";
    EXPECT_EQ(step.on_answer(t, R"({"type":"error","error":"UNIQUE_ID_MISMATCH"})").error, "error UNIQUE_ID_MISMATCH");
    EXPECT_EQ(step.on_answer(t, R"({"type":"error"})").error, "error (no code)");
    EXPECT_EQ(step.on_answer(t, R"({"type":"success","realm":"master","asset":{"id":"short"}})").kind, Kind::Failed);
    EXPECT_EQ(step.on_answer(t, R"({"type":"success","realm":"a/b","asset":{"id":"5xJdE5fVbgBRnMYQkBf1Hx"}})").kind,
              Kind::Failed);
    EXPECT_EQ(step.on_answer(t, R"({"type":"success","realm":"master","asset":"x"})").kind, Kind::Failed);
    EXPECT_EQ(step.on_answer(t, R"({"type":"other"})").kind, Kind::Failed);
    EXPECT_EQ(step.on_answer(t, "garbage").kind, Kind::Failed);
    EXPECT_TRUE(st.asset_id.empty());
}

TEST(EnrollSteps, EachFlowRunsItsSteps) {
    auto names = [](fw::app::EnrollFlow f) {
        fw::app::EnrollSettings s;
        s.flow = f;
        EnrollState st;
        std::vector<std::string> out;
        for (const auto& step : fw::app::enroll_steps(s, st)) out.push_back(step->name());
        return out;
    };
    using F = fw::app::EnrollFlow;
    EXPECT_EQ(names(F::Aws), (std::vector<std::string>{"create-from-csr", "register-thing"}));
    EXPECT_EQ(names(F::ThingsBoard), (std::vector<std::string>{"create-from-csr", "thingsboard-provision"}));
    EXPECT_EQ(names(F::OpenRemote), (std::vector<std::string>{"create-from-csr"}));
}

}  // namespace
