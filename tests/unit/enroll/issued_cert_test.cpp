// The checks a certificate from an enrollment service passes before the device stores it.
#include "firmware/app/identity/issued_cert.h"

#include <gtest/gtest.h>
#include <mbedtls/x509_crt.h>

#include <chrono>

#include "enroll_pki.h"
#include "firmware/app/identity/x509_info.h"

using enroll_test::file_text;
using enroll_test::pki;
using fw::app::check_issued_cert;
using V = fw::app::IssuedCertVerdict;

using enroll_test::now_ms;

namespace {

// `now` < 0: the time after the PKI exists (the certificates are made on first use).
fw::app::IssuedCertCheck check(const std::string& cert_id, const std::string& key_id, const std::string& device_id,
                               int64_t now = -1) {
    pki();
    if (now < 0) now = now_ms();
    return check_issued_cert(file_text(pki().device_chain_file(cert_id)), file_text(pki().ca_file()),
                             file_text(pki().device_key_file(key_id)), device_id, now);
}

TEST(IssuedCert, AcceptsOursFromTheFleetCa) {
    auto c = check("dev-1", "dev-1", "dev-1");
    EXPECT_TRUE(c.ok()) << c.detail;
    EXPECT_TRUE(check("dev-1", "dev-1", "dev-1", 0).ok()) << "clock unknown: validity not checked";
}

TEST(IssuedCert, ACertificateForAnotherKeyIsSomeoneElsesAnswer) {
    auto c = check("dev-2", "dev-1", "dev-1");
    EXPECT_EQ(c.verdict, V::OtherDevice);
    EXPECT_NE(c.detail.find("dev-2"), std::string::npos);
}

TEST(IssuedCert, OurKeyUnderAnotherNameIsRefused) {
    auto c = check("dev-1", "dev-1", "dev-9");
    EXPECT_EQ(c.verdict, V::WrongName);
    EXPECT_EQ(c.detail, "issued for CN 'dev-1', not 'dev-9'");
}

TEST(IssuedCert, ACertificateFromAnUnknownCaIsRefused) {
    auto c = check("rogue", "rogue", "rogue");
    EXPECT_EQ(c.verdict, V::Untrusted);
    EXPECT_NE(c.detail.find("rogue CA"), std::string::npos) << c.detail;
}

// Validity is judged for the whole chain by the device's clock: a certificate still valid under
// CA certificates that have expired (the intermediate, and the root made with it) is refused.
TEST(IssuedCert, ACertificateOutlivingItsExpiredCaIsRefused) {
    pki();
    mbedtls_x509_crt chain;
    mbedtls_x509_crt_init(&chain);
    std::string pem = file_text(pki().device_chain_file("dev-long"));
    ASSERT_EQ(mbedtls_x509_crt_parse(&chain, reinterpret_cast<const unsigned char*>(pem.c_str()), pem.size() + 1), 0);
    ASSERT_NE(chain.next, nullptr) << "leaf + intermediate";
    const int64_t ca_end_ms = fw::app::x509_time_unix(chain.next->valid_to) * 1000;
    const int64_t leaf_end_ms = fw::app::x509_time_unix(chain.valid_to) * 1000;
    mbedtls_x509_crt_free(&chain);
    ASSERT_GT(leaf_end_ms, ca_end_ms + 86400000LL);

    EXPECT_TRUE(check("dev-long", "dev-long", "dev-long", ca_end_ms - 86400000LL).ok()) << "a day before the CA ends";
    auto c = check("dev-long", "dev-long", "dev-long", ca_end_ms + 86400000LL);
    EXPECT_EQ(c.verdict, V::Expired) << c.detail;
    EXPECT_NE(c.detail.find("CA certificate of its chain"), std::string::npos) << c.detail;
}

TEST(IssuedCert, ExpiredAndNotYetValidAreRefused) {
    EXPECT_EQ(check("dev-old", "dev-old", "dev-old").verdict, V::Expired);
    EXPECT_EQ(check("dev-1", "dev-1", "dev-1", now_ms() - 3 * 86400000LL).verdict, V::NotYetValid);
    EXPECT_EQ(check("dev-1", "dev-1", "dev-1", now_ms() + 900LL * 86400000LL).verdict, V::Expired);
}

TEST(IssuedCert, AServerCertificateCannotBeADeviceIdentity) {
    pki();  // made before the time is read: its certificates start now
    auto c = check_issued_cert(file_text(pki().server_chain_file()), file_text(pki().ca_file()),
                               file_text(pki().server_key_file()), "localhost", now_ms());
    EXPECT_EQ(c.verdict, V::NotClientCert);
}

TEST(IssuedCert, GarbageIsUnparsable) {
    pki();
    auto c =
        check_issued_cert("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", file_text(pki().ca_file()),
                          file_text(pki().device_key_file("dev-1")), "dev-1", now_ms());
    EXPECT_EQ(c.verdict, V::Unparsable);
    EXPECT_EQ(check_issued_cert("", file_text(pki().ca_file()), file_text(pki().device_key_file("dev-1")), "dev-1", 0)
                  .verdict,
              V::Unparsable);
}

}  // namespace
