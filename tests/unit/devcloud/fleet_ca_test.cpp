// FleetCa: what it signs (every field of the issued certificate) and what it refuses, and its
// checks of device certificates at a given time.
#include <gtest/gtest.h>
#include <mbedtls/oid.h>
#include <mbedtls/x509_crt.h>

#include <cctype>
#include <variant>

#include "firmware/app/identity/x509_info.h"
#include "firmware/core/crypto_init.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "test_pki.h"
#include "tools/src/devcloud/time_text.h"
#include "tools/src/devcloud/x509_util.h"

namespace devcloud_test {
namespace {

using devcloud::CaError;
using devcloud::FleetCa;
using devcloud::IssuedCert;

IssuedCert issued(FleetCa& ca, const std::string& csr, int64_t now) {
    auto r = ca.sign_csr(csr, now);
    if (const auto* e = std::get_if<CaError>(&r)) ADD_FAILURE() << e->code << ": " << e->message;
    return std::holds_alternative<IssuedCert>(r) ? std::get<IssuedCert>(r) : IssuedCert{};
}

CaError refusal(FleetCa& ca, const std::string& csr) {
    auto r = ca.sign_csr(csr, now_s());
    EXPECT_TRUE(std::holds_alternative<CaError>(r)) << "signed: " << csr;
    return std::holds_alternative<CaError>(r) ? std::get<CaError>(r) : CaError{};
}

CaError verify_refusal(const FleetCa& ca, const std::string& pem, int64_t now) {
    auto r = ca.verify(pem, now);
    EXPECT_TRUE(std::holds_alternative<CaError>(r)) << "accepted as " << std::get<std::string>(r);
    return std::holds_alternative<CaError>(r) ? std::get<CaError>(r) : CaError{};
}

std::string openssl(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"/usr/bin/openssl"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::string out;
    EXPECT_EQ(testsupport::run_command(argv, &out), 0) << out;
    return out;
}

// openssl's SHA-256 fingerprint in our spelling: lower-case hex, no colons.
std::string openssl_fingerprint(const std::string& file) {
    std::string out = openssl({"x509", "-in", file, "-noout", "-fingerprint", "-sha256"});
    std::string hex;
    for (char c : out.substr(out.find('=') + 1))
        if (std::isxdigit(static_cast<unsigned char>(c))) hex += static_cast<char>(std::tolower(c));
    return hex;
}

TEST(devcloudFleetCaSign, IssuesAClientCertificateForTheCsrKey) {
    FleetCa ca = make_ca();
    std::string key_pem;
    std::string csr = make_csr("CN=dev-9,O=acme", KeyKind::EcP256, &key_pem);
    const int64_t now = now_s();
    IssuedCert c = issued(ca, csr, now);
    EXPECT_EQ(c.common_name, "dev-9");
    ASSERT_EQ(c.chain_pem, leaf_of(c.chain_pem) + file_text(pki().path("intermediate.crt")));

    devcloud::Crt crt;
    ASSERT_EQ(devcloud::parse_pem_certs(crt.get(), leaf_of(c.chain_pem)), 0);
    EXPECT_EQ(devcloud::dn_text(&crt->subject), "CN=dev-9");  // only the CN, whatever else the CSR asked for
    devcloud::Crt intermediate;
    ASSERT_EQ(mbedtls_x509_crt_parse_file(intermediate.get(), pki().path("intermediate.crt").c_str()), 0);
    ASSERT_EQ(crt->issuer_raw.len, intermediate->subject_raw.len);
    EXPECT_EQ(0, memcmp(crt->issuer_raw.p, intermediate->subject_raw.p, crt->issuer_raw.len));
    EXPECT_EQ(crt->version, 3);
    EXPECT_EQ(crt->serial.len, 16u);
    EXPECT_EQ(crt->serial.p[0] & 0x80, 0) << "serial must be positive";
    mbedtls_md_type_t sig_md = MBEDTLS_MD_NONE;
    mbedtls_pk_type_t sig_pk = MBEDTLS_PK_NONE;
    ASSERT_EQ(mbedtls_oid_get_sig_alg(&crt->sig_oid, &sig_md, &sig_pk), 0);
    EXPECT_EQ(sig_md, MBEDTLS_MD_SHA256);
    EXPECT_EQ(sig_pk, MBEDTLS_PK_ECDSA);
    EXPECT_EQ(fw::app::x509_time_unix(crt->valid_from), now - 60);
    EXPECT_EQ(fw::app::x509_time_unix(crt->valid_to), now + 365 * 86400);
    EXPECT_EQ(mbedtls_x509_crt_get_ca_istrue(crt.get()), 0);
    EXPECT_EQ(mbedtls_x509_crt_check_key_usage(crt.get(), MBEDTLS_X509_KU_DIGITAL_SIGNATURE), 0);
    EXPECT_NE(mbedtls_x509_crt_check_key_usage(crt.get(), MBEDTLS_X509_KU_KEY_CERT_SIGN), 0);
    EXPECT_EQ(mbedtls_x509_crt_check_extended_key_usage(crt.get(), MBEDTLS_OID_CLIENT_AUTH,
                                                        MBEDTLS_OID_SIZE(MBEDTLS_OID_CLIENT_AUTH)),
              0);
    EXPECT_NE(mbedtls_x509_crt_check_extended_key_usage(crt.get(), MBEDTLS_OID_SERVER_AUTH,
                                                        MBEDTLS_OID_SIZE(MBEDTLS_OID_SERVER_AUTH)),
              0);
    devcloud::PkKey key;
    ASSERT_EQ(mbedtls_pk_parse_key(key.get(), reinterpret_cast<const unsigned char*>(key_pem.c_str()),
                                   key_pem.size() + 1, nullptr, 0, fw::psa_rng_callback, nullptr),
              0);
    EXPECT_EQ(mbedtls_pk_check_pair(&crt->pk, key.get(), fw::psa_rng_callback, nullptr), 0)
        << "the certificate is for the CSR's key";

    testsupport::TempDir dir("devcloud-issued");
    std::string leaf_file = dir.path() + "/leaf.pem";
    ASSERT_TRUE(testsupport::write_file(leaf_file, leaf_of(c.chain_pem)));
    EXPECT_EQ(c.certificate_id, openssl_fingerprint(leaf_file));
    EXPECT_EQ(openssl({"verify", "-CAfile", pki().ca_file(), "-untrusted", pki().path("intermediate.crt"), "-purpose",
                       "sslclient", leaf_file}),
              leaf_file + ": OK\n");
    std::string aki = openssl({"x509", "-in", leaf_file, "-noout", "-ext", "authorityKeyIdentifier"});
    std::string ski =
        openssl({"x509", "-in", pki().path("intermediate.crt"), "-noout", "-ext", "subjectKeyIdentifier"});
    std::string ski_value = ski.substr(ski.find('\n') + 1);
    while (!ski_value.empty() && (ski_value.front() == ' ')) ski_value.erase(0, 1);
    EXPECT_NE(aki.find(ski_value.substr(0, 59)), std::string::npos) << aki << " vs " << ski;
    EXPECT_NE(
        openssl({"x509", "-in", leaf_file, "-noout", "-ext", "subjectKeyIdentifier"}).find("Subject Key Identifier"),
        std::string::npos);
}

TEST(devcloudFleetCaSign, SerialsAreFresh) {
    FleetCa ca = make_ca();
    std::string csr = make_csr("CN=dev-9");
    IssuedCert a = issued(ca, csr, now_s()), b = issued(ca, csr, now_s());
    EXPECT_NE(a.certificate_id, b.certificate_id);
}

TEST(devcloudFleetCaSign, ValidityDaysAreConfigurable) {
    FleetCa ca(pki().path("intermediate.crt"), pki().path("intermediate/ca.key"), pki().ca_file(), 7);
    const int64_t now = 1700000000;
    IssuedCert c = issued(ca, make_csr("CN=dev-9"), now);
    devcloud::Crt crt;
    ASSERT_EQ(devcloud::parse_pem_certs(crt.get(), leaf_of(c.chain_pem)), 0);
    EXPECT_EQ(fw::app::x509_time_unix(crt->valid_to), now + 7 * 86400);
}

// Past 2038-01-19, where a 32-bit time_t ends: the dates are written without one.
TEST(devcloudFleetCaSign, ValidityPast2038IsWrittenExactly) {
    FleetCa ca(pki().path("intermediate.crt"), pki().path("intermediate/ca.key"), pki().ca_file(), 30 * 365);
    const int64_t now = 1700000000;  // 2023-11-14: not_after in 2053
    IssuedCert c = issued(ca, make_csr("CN=dev-9"), now);
    devcloud::Crt crt;
    ASSERT_EQ(devcloud::parse_pem_certs(crt.get(), leaf_of(c.chain_pem)), 0);
    EXPECT_EQ(crt->valid_to.year, 2053);
    EXPECT_EQ(fw::app::x509_time_unix(crt->valid_to), now + 30 * 365 * 86400LL);
}

TEST(devcloudFleetCaSign, AcceptsRsa2048) {
    FleetCa ca = make_ca();
    IssuedCert c = issued(ca, make_csr_with_key("CN=dev-rsa", file_text(pki().device_key_file("dev-rsa"))), now_s());
    EXPECT_EQ(c.common_name, "dev-rsa");
}

TEST(devcloudFleetCaSign, AcceptsA64CharacterId) {
    FleetCa ca = make_ca();
    std::string id(64, 'a');
    EXPECT_EQ(issued(ca, make_csr("CN=" + id), now_s()).common_name, id);
}

TEST(devcloudFleetCaSign, RefusesGarbage) {
    FleetCa ca = make_ca();
    EXPECT_EQ(refusal(ca, "hello").code, devcloud::kCaUnparsable);
    CaError e = refusal(ca, "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n");
    EXPECT_EQ(e.code, devcloud::kCaUnparsable);
    EXPECT_NE(e.message.find("CSR does not parse"), std::string::npos) << e.message;
    EXPECT_EQ(refusal(ca, file_text(pki().device_cert_file("dev-1"))).code, devcloud::kCaUnparsable);
}

TEST(devcloudFleetCaSign, RefusesABrokenSignature) {
    FleetCa ca = make_ca();
    CaError e = refusal(ca, break_signature(make_csr("CN=dev-9")));
    EXPECT_EQ(e.code, devcloud::kCaBadSignature);
    EXPECT_NE(e.message.find("does not verify with its own key"), std::string::npos) << e.message;
}

TEST(devcloudFleetCaSign, RefusesWeakOrUnsupportedKeys) {
    FleetCa ca = make_ca();
    CaError rsa = refusal(ca, make_csr("CN=dev-9", KeyKind::Rsa1024));
    EXPECT_EQ(rsa.code, devcloud::kCaUnsupportedKey);
    EXPECT_EQ(rsa.message, "RSA key of 1024 bits (at least 2048)");
    CaError p384 = refusal(ca, make_csr("CN=dev-9", KeyKind::EcP384));
    EXPECT_EQ(p384.code, devcloud::kCaUnsupportedKey);
    EXPECT_NE(p384.message.find("P-256 only"), std::string::npos) << p384.message;
}

TEST(devcloudFleetCaSign, RefusesNamesThatAreNotDeviceIds) {
    FleetCa ca = make_ca();
    CaError slash = refusal(ca, make_csr("CN=dev/1"));
    EXPECT_EQ(slash.code, devcloud::kCaBadName);
    EXPECT_EQ(slash.message, "CSR CN 'dev/1' is not a device id (1..64 of [A-Za-z0-9._-])");
    EXPECT_EQ(refusal(ca, make_csr("CN=" + std::string(65, 'a'))).code, devcloud::kCaBadName);
    EXPECT_EQ(refusal(ca, make_csr("CN=dev 1")).code, devcloud::kCaBadName);
    CaError none = refusal(ca, make_csr("O=acme"));
    EXPECT_EQ(none.code, devcloud::kCaBadName);
    EXPECT_EQ(none.message, "CSR subject must hold exactly one CN");
}

TEST(devcloudFleetCaVerify, AcceptsAChainOrALeafAndReturnsTheCn) {
    FleetCa ca = make_ca();
    auto chain = ca.verify(file_text(pki().device_chain_file("dev-1")), now_s());
    ASSERT_TRUE(std::holds_alternative<std::string>(chain)) << std::get<CaError>(chain).message;
    EXPECT_EQ(std::get<std::string>(chain), "dev-1");
    auto leaf = ca.verify(file_text(pki().device_cert_file("dev-2")), now_s());
    ASSERT_TRUE(std::holds_alternative<std::string>(leaf)) << std::get<CaError>(leaf).message;
    EXPECT_EQ(std::get<std::string>(leaf), "dev-2");
    auto rooted = ca.verify(file_text(pki().device_cert_file("dev-root")), now_s());
    ASSERT_TRUE(std::holds_alternative<std::string>(rooted)) << std::get<CaError>(rooted).message;
}

TEST(devcloudFleetCaVerify, AcceptsWhatItIssued) {
    FleetCa ca = make_ca();
    IssuedCert c = issued(ca, make_csr("CN=dev-9"), now_s());
    auto r = ca.verify(leaf_of(c.chain_pem), now_s());
    ASSERT_TRUE(std::holds_alternative<std::string>(r)) << std::get<CaError>(r).message;
    EXPECT_EQ(std::get<std::string>(r), "dev-9");
}

TEST(devcloudFleetCaVerify, RefusesAnUnknownCa) {
    FleetCa ca = make_ca();
    CaError e = verify_refusal(ca, file_text(pki().device_chain_file("rogue")), now_s());
    EXPECT_EQ(e.code, devcloud::kCaUntrusted);
    EXPECT_EQ(e.message, "certificate is not issued by a trusted CA (its issuer: O=iotfw dev, CN=rogue CA)");
}

TEST(devcloudFleetCaVerify, ChecksValidityAtTheGivenTime) {
    FleetCa ca = make_ca();
    CaError expired = verify_refusal(ca, file_text(pki().device_cert_file("dev-old")), now_s());
    EXPECT_EQ(expired.code, devcloud::kCaExpired);
    EXPECT_EQ(expired.message.rfind("certificate expired on 20", 0), 0u) << expired.message;
    std::string valid = file_text(pki().device_cert_file("dev-1"));
    CaError early = verify_refusal(ca, valid, 1000000000);  // 2001: before the whole PKI
    EXPECT_EQ(early.code, devcloud::kCaNotYetValid);
    EXPECT_EQ(early.message.rfind("certificate is not valid before 20", 0), 0u) << early.message;
    CaError late = verify_refusal(ca, valid, now_s() + 900 * 86400);  // the leaf's 825 days are over
    EXPECT_EQ(late.code, devcloud::kCaExpired);
    EXPECT_TRUE(std::holds_alternative<std::string>(ca.verify(valid, now_s() + 800 * 86400)));
}

TEST(devcloudTimeText, NamesDatesPast2038) {
    EXPECT_EQ(devcloud::utc_text(4102444800), "2100-01-01T00:00:00Z");
    EXPECT_EQ(devcloud::utc_text(2147483648), "2038-01-19T03:14:08Z");
    EXPECT_EQ(devcloud::utc_text(0), "1970-01-01T00:00:00Z");
    EXPECT_EQ(devcloud::utc_asn1_text(2524608000), "20500101000000");
}

TEST(devcloudFleetCaVerify, RefusesACertificateNotForClientAuth) {
    FleetCa ca = make_ca();
    CaError e = verify_refusal(ca, file_text(pki().path("server.crt")), now_s());
    EXPECT_EQ(e.code, devcloud::kCaWrongUsage);
}

TEST(devcloudFleetCaVerify, RefusesGarbage) {
    FleetCa ca = make_ca();
    EXPECT_EQ(verify_refusal(ca, "", now_s()).code, devcloud::kCaUnparsable);
    EXPECT_EQ(verify_refusal(ca, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", now_s()).code,
              devcloud::kCaUnparsable);
}

TEST(devcloudFleetCaFingerprint, IsTheSha256OfTheLeafDer) {
    EXPECT_EQ(FleetCa::fingerprint(file_text(pki().device_chain_file("dev-1"))),
              openssl_fingerprint(pki().device_cert_file("dev-1")));
    EXPECT_EQ(FleetCa::fingerprint("not a certificate"), "");
}

TEST(devcloudFleetCaLoad, NamesTheFileThatFails) {
    auto message = [](const std::string& cert, const std::string& key, const std::string& trust) -> std::string {
        try {
            FleetCa ca(cert, key, trust);
        } catch (const std::runtime_error& e) {
            return e.what();
        }
        return "(no error)";
    };
    std::string cert = pki().path("intermediate.crt"), key = pki().path("intermediate/ca.key"), trust = pki().ca_file();
    EXPECT_NE(message("/nonexistent/im.crt", key, trust).find("/nonexistent/im.crt"), std::string::npos);
    EXPECT_NE(message(cert, "/nonexistent/im.key", trust).find("/nonexistent/im.key"), std::string::npos);
    EXPECT_NE(message(cert, key, "/nonexistent/root.crt").find("/nonexistent/root.crt"), std::string::npos);
    EXPECT_EQ(message(cert, pki().device_key_file("dev-1"), trust),
              "the key in " + pki().device_key_file("dev-1") + " does not belong to the certificate in " + cert);
    EXPECT_EQ(message(cert, key, pki().rogue_ca_file()),
              "the issuing CA in " + cert + " does not chain to the trust anchors in " + pki().rogue_ca_file());
}

}  // namespace
}  // namespace devcloud_test
