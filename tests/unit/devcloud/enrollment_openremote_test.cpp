// OpenRemote X.509 auto-provisioning: the asset (stable across requests and registry reloads)
// and each error code.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "service_fixture.h"

namespace devcloud_test {
namespace {

using nlohmann::json;

std::string or_request(const std::string& cert_pem) { return json{{"type", "x509"}, {"cert", cert_pem}}.dump(); }
std::string request_topic(const std::string& id) { return "provisioning/" + id + "/request"; }

class devcloudOpenRemote : public ServiceTest {
protected:
    devcloud::EnrollmentService svc_ = service();

    Answer provision(devcloud::EnrollmentService& s, const std::string& id, const std::string& cert_file) {
        return ask(s, request_topic(id), or_request(file_text(cert_file)));
    }

    void expect_error(const Answer& a, const std::string& id, const std::string& code) {
        EXPECT_EQ(a.topic, "provisioning/" + id + "/response");
        EXPECT_EQ(a.body, (json{{"type", "error"}, {"error", code}}));
    }
};

TEST_F(devcloudOpenRemote, ProvisionsTheDeviceWithANewAsset) {
    Answer a = provision(svc_, "dev-1", pki().device_cert_file("dev-1"));
    EXPECT_EQ(a.topic, "provisioning/dev-1/response");
    std::string asset = a.body["asset"].value("id", "");
    EXPECT_EQ(asset.size(), 22u);
    EXPECT_TRUE(std::all_of(asset.begin(), asset.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c));
    })) << asset;
    EXPECT_EQ(a.body,
              (json{{"type", "success"},
                    {"realm", "master"},
                    {"asset", {{"id", asset}, {"name", "dev-1"}, {"type", "ThingAsset"}, {"realm", "master"}}}}));
    const devcloud::DeviceRecord* r = registry_.find("dev-1");
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->flow, "openremote");
    EXPECT_EQ(r->asset_id, asset);
    EXPECT_EQ(r->realm, "master");
    EXPECT_EQ(r->certificate_id, devcloud::FleetCa::fingerprint(file_text(pki().device_cert_file("dev-1"))));
    EXPECT_EQ(logs_.back(), "enroll dev-1 openremote/provision success: asset " + asset);
}

TEST_F(devcloudOpenRemote, TheAssetStaysTheSameAcrossRequestsAndReloads) {
    std::string asset = provision(svc_, "dev-1", pki().device_cert_file("dev-1")).body["asset"].value("id", "");
    EXPECT_EQ(provision(svc_, "dev-1", pki().device_chain_file("dev-1")).body["asset"].value("id", ""), asset);
    EXPECT_EQ(logs_.back(), "enroll dev-1 openremote/provision success: asset " + asset + " (known device)");
    std::string other = provision(svc_, "dev-2", pki().device_cert_file("dev-2")).body["asset"].value("id", "");
    EXPECT_NE(other, asset);

    devcloud::Registry reloaded(registry_path_);
    devcloud::EnrollmentService fresh(
        ca_, reloaded, {}, [this] { return clock_ms_; }, nullptr);
    EXPECT_EQ(provision(fresh, "dev-1", pki().device_cert_file("dev-1")).body["asset"].value("id", ""), asset);
    EXPECT_EQ(provision(fresh, "dev-2", pki().device_cert_file("dev-2")).body["asset"].value("id", ""), other);
}

TEST_F(devcloudOpenRemote, RealmIsConfigurable) {
    devcloud::ServiceConfig cfg;
    cfg.or_realm = "building-7";
    devcloud::EnrollmentService s = service(cfg);
    Answer a = provision(s, "dev-1", pki().device_cert_file("dev-1"));
    EXPECT_EQ(a.body.value("realm", ""), "building-7");
    EXPECT_EQ(a.body["asset"].value("realm", ""), "building-7");
}

TEST_F(devcloudOpenRemote, MalformedRequestsAreMessageInvalid) {
    expect_error(ask(svc_, request_topic("dev-1"), "{\"type\":"), "dev-1", "MESSAGE_INVALID");
    expect_error(ask(svc_, request_topic("dev-1"), json{{"type", "psk"}, {"cert", "x"}}.dump()), "dev-1",
                 "MESSAGE_INVALID");
    expect_error(ask(svc_, request_topic("dev-1"), json{{"type", "x509"}}.dump()), "dev-1", "MESSAGE_INVALID");
    EXPECT_EQ(logs_.back(), "enroll dev-1 openremote/provision error MESSAGE_INVALID: no \"cert\" string");
}

TEST_F(devcloudOpenRemote, BadCertificatesAreCertificateInvalid) {
    expect_error(
        ask(svc_, request_topic("dev-1"), or_request("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")),
        "dev-1", "CERTIFICATE_INVALID");
    expect_error(provision(svc_, "rogue", pki().device_cert_file("rogue")), "rogue", "CERTIFICATE_INVALID");
    expect_error(provision(svc_, "dev-old", pki().device_cert_file("dev-old")), "dev-old", "CERTIFICATE_INVALID");
    EXPECT_EQ(
        logs_.back().rfind("enroll dev-old openremote/provision error CERTIFICATE_INVALID: certificate expired on ", 0),
        0u)
        << logs_.back();
    EXPECT_TRUE(registry_.all().empty());
}

TEST_F(devcloudOpenRemote, ACertificateForAnotherIdIsUniqueIdMismatch) {
    expect_error(provision(svc_, "dev-2", pki().device_cert_file("dev-1")), "dev-2", "UNIQUE_ID_MISMATCH");
    EXPECT_EQ(registry_.find("dev-2"), nullptr);
    EXPECT_EQ(logs_.back(),
              "enroll dev-2 openremote/provision error UNIQUE_ID_MISMATCH: certificate CN 'dev-1' does not match the "
              "id 'dev-2'");
}

}  // namespace
}  // namespace devcloud_test
