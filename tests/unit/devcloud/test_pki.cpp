#include "test_pki.h"

#include <gtest/gtest.h>
#include <mbedtls/pem.h>
#include <mbedtls/pk.h>
#include <mbedtls/x509_csr.h>

#include <chrono>
#include <stdexcept>
#include <vector>

#include "support/temp_dir.h"
#include "tools/src/devcloud/random.h"

namespace devcloud_test {
namespace {

constexpr const char* kCsrBegin = "-----BEGIN CERTIFICATE REQUEST-----\n";
constexpr const char* kCsrEnd = "-----END CERTIFICATE REQUEST-----\n";

devcloud::Random& rng() {
    static devcloud::Random r;
    return r;
}

std::string csr_for(const std::string& subject, mbedtls_pk_context& key) {
    mbedtls_x509write_csr req;
    mbedtls_x509write_csr_init(&req);
    mbedtls_x509write_csr_set_key(&req, &key);
    mbedtls_x509write_csr_set_md_alg(&req, MBEDTLS_MD_SHA256);
    unsigned char buf[4096];
    int rc = mbedtls_x509write_csr_set_subject_name(&req, subject.c_str());
    if (rc == 0) rc = mbedtls_x509write_csr_pem(&req, buf, sizeof buf, devcloud::Random::callback, &rng());
    mbedtls_x509write_csr_free(&req);
    if (rc != 0) throw std::runtime_error("cannot write a CSR for " + subject);
    return reinterpret_cast<const char*>(buf);
}

}  // namespace

const testsupport::Pki& pki() {
    static testsupport::TempDir dir("devcloud-pki");
    static testsupport::Pki p = [] {
        testsupport::Pki k(dir.path());
        testsupport::DeviceCertOptions expired, rsa, root;
        expired.expired = true;
        rsa.rsa = true;
        root.ca = "root";
        bool ok = k.init() && k.make_device("dev-1") && k.make_device("dev-2") && k.make_device("dev-old", expired) &&
                  k.make_device("dev-rsa", rsa) && k.make_device("dev-root", root) && k.make_rogue("rogue");
        EXPECT_TRUE(ok) << k.error();
        return k;
    }();
    return p;
}

std::string file_text(const std::string& path) { return testsupport::read_file(path); }

devcloud::FleetCa make_ca() {
    return devcloud::FleetCa(pki().path("intermediate.crt"), pki().path("intermediate/ca.key"), pki().ca_file());
}

int64_t now_s() {
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

std::string make_csr(const std::string& subject, KeyKind kind, std::string* key_pem) {
    // RSA keys come from the PKI fixture: generating one takes far longer than the test.
    if (kind == KeyKind::Rsa1024) {
        std::string pem = pki().rsa_key_pem(1024);
        if (key_pem != nullptr) *key_pem = pem;
        return make_csr_with_key(subject, pem);
    }
    mbedtls_pk_context key;
    mbedtls_pk_init(&key);
    auto curve = kind == KeyKind::EcP256 ? MBEDTLS_ECP_DP_SECP256R1 : MBEDTLS_ECP_DP_SECP384R1;
    int rc = mbedtls_pk_setup(&key, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY));
    if (rc == 0) rc = mbedtls_ecp_gen_key(curve, mbedtls_pk_ec(key), devcloud::Random::callback, &rng());
    unsigned char buf[4096];
    if (rc == 0 && key_pem != nullptr && mbedtls_pk_write_key_pem(&key, buf, sizeof buf) == 0)
        *key_pem = reinterpret_cast<const char*>(buf);
    std::string csr = rc == 0 ? csr_for(subject, key) : "";
    mbedtls_pk_free(&key);
    if (rc != 0) throw std::runtime_error("cannot generate a key");
    return csr;
}

std::string make_csr_with_key(const std::string& subject, const std::string& key_pem) {
    mbedtls_pk_context key;
    mbedtls_pk_init(&key);
    int rc = mbedtls_pk_parse_key(&key, reinterpret_cast<const unsigned char*>(key_pem.c_str()), key_pem.size() + 1,
                                  nullptr, 0, devcloud::Random::callback, &rng());
    std::string csr = rc == 0 ? csr_for(subject, key) : "";
    mbedtls_pk_free(&key);
    if (rc != 0) throw std::runtime_error("cannot parse the key");
    return csr;
}

std::string break_signature(const std::string& csr_pem) {
    mbedtls_pem_context pem;
    mbedtls_pem_init(&pem);
    size_t used = 0;
    if (mbedtls_pem_read_buffer(&pem, "-----BEGIN CERTIFICATE REQUEST-----", "-----END CERTIFICATE REQUEST-----",
                                reinterpret_cast<const unsigned char*>(csr_pem.c_str()), nullptr, 0, &used) != 0)
        throw std::runtime_error("not a CSR");
    size_t der_len = 0;
    const unsigned char* der_p = mbedtls_pem_get_buffer(&pem, &der_len);
    std::vector<unsigned char> der(der_p, der_p + der_len);
    mbedtls_pem_free(&pem);
    der.back() ^= 0x01;  // the last byte belongs to the signature BIT STRING
    unsigned char out[4096];
    size_t olen = 0;
    if (mbedtls_pem_write_buffer(kCsrBegin, kCsrEnd, der.data(), der.size(), out, sizeof out, &olen) != 0)
        throw std::runtime_error("cannot write the CSR");
    return reinterpret_cast<const char*>(out);
}

std::string leaf_of(const std::string& chain_pem) {
    const std::string end = "-----END CERTIFICATE-----\n";
    size_t at = chain_pem.find(end);
    return at == std::string::npos ? "" : chain_pem.substr(0, at + end.size());
}

}  // namespace devcloud_test
