#include "tools/src/devcloud/fleet_ca.h"

#include <mbedtls/asn1.h>
#include <mbedtls/asn1write.h>
#include <mbedtls/md.h>
#include <mbedtls/oid.h>
#include <mbedtls/x509_crt.h>

#include <stdexcept>
#include <vector>

#include "firmware/app/identity/device_id.h"
#include "firmware/core/hex.h"
#include "tools/src/cloud/digest.h"
#include "tools/src/cloud/printable.h"
#include "tools/src/devcloud/fleet_ca_state.h"
#include "tools/src/devcloud/pem.h"
#include "tools/src/devcloud/time_text.h"

namespace devcloud {
namespace {

using CrtWriter = fw::CContext<mbedtls_x509write_cert, mbedtls_x509write_crt_init, mbedtls_x509write_crt_free>;

constexpr int64_t kBackdateS = 60;  // tolerates a device clock slightly behind ours

void load_certs(mbedtls_x509_crt* crt, const std::string& file, const char* what) {
    int rc = mbedtls_x509_crt_parse_file(crt, file.c_str());
    if (rc != 0)
        throw std::runtime_error(std::string("cannot load ") + what + " from " + file + ": " + mbedtls_error(rc));
}

// The signature BIT STRING that follows the CertificationRequestInfo and the algorithm in the raw
// CSR (mbedtls parsed it, but keeps its own copy private).
bool csr_signature(const mbedtls_x509_csr& csr, const unsigned char*& sig, size_t& len) {
    unsigned char* p = csr.cri.p + csr.cri.len;
    const unsigned char* end = csr.raw.p + csr.raw.len;
    mbedtls_asn1_buf alg, params;
    if (mbedtls_asn1_get_alg(&p, end, &alg, &params) != 0) return false;
    if (mbedtls_asn1_get_bitstring_null(&p, end, &len) != 0) return false;
    sig = p;
    return true;
}

// Proof of possession: the CSR is signed by the key it carries.
std::optional<CaError> check_signature(mbedtls_x509_csr& csr) {
    mbedtls_md_type_t md_alg = MBEDTLS_MD_NONE;
    mbedtls_pk_type_t pk_alg = MBEDTLS_PK_NONE;
    if (mbedtls_oid_get_sig_alg(&csr.sig_oid, &md_alg, &pk_alg) != 0 || pk_alg == MBEDTLS_PK_RSASSA_PSS)
        return CaError{kCaBadSignature, "CSR signature uses an unsupported algorithm"};
    const mbedtls_md_info_t* md = mbedtls_md_info_from_type(md_alg);
    if (md == nullptr) return CaError{kCaBadSignature, "CSR signature uses an unsupported digest"};
    const unsigned char* sig = nullptr;
    size_t sig_len = 0;
    if (!csr_signature(csr, sig, sig_len)) return CaError{kCaBadSignature, "CSR signature does not parse"};
    unsigned char hash[MBEDTLS_MD_MAX_SIZE];
    if (mbedtls_md(md, csr.cri.p, csr.cri.len, hash) != 0) return CaError{kCaBadSignature, "cannot hash the CSR"};
    int rc = mbedtls_pk_verify_ext(pk_alg, nullptr, &csr.pk, md_alg, hash, mbedtls_md_get_size(md), sig, sig_len);
    if (rc != 0)
        return CaError{kCaBadSignature, "CSR signature does not verify with its own key (" + mbedtls_error(rc) + ")"};
    return std::nullopt;
}

std::optional<CaError> check_key(const mbedtls_pk_context& pk) {
    mbedtls_pk_type_t type = mbedtls_pk_get_type(&pk);
    size_t bits = mbedtls_pk_get_bitlen(&pk);
    if (type == MBEDTLS_PK_ECKEY || type == MBEDTLS_PK_ECDSA) {
        if (mbedtls_ecp_keypair_get_group_id(mbedtls_pk_ec(pk)) == MBEDTLS_ECP_DP_SECP256R1) return std::nullopt;
        return CaError{kCaUnsupportedKey,
                       "EC key on an unsupported curve (" + std::to_string(bits) + " bits; P-256 only)"};
    }
    if (type == MBEDTLS_PK_RSA) {
        if (bits >= 2048) return std::nullopt;
        return CaError{kCaUnsupportedKey, "RSA key of " + std::to_string(bits) + " bits (at least 2048)"};
    }
    return CaError{kCaUnsupportedKey, std::string("unsupported key type ") + mbedtls_pk_get_name(&pk)};
}

std::variant<std::string, CaError> checked_cn(const mbedtls_x509_csr& csr) {
    auto cn = common_name(&csr.subject);
    if (!cn) return CaError{kCaBadName, "CSR subject must hold exactly one CN"};
    if (!fw::app::valid_device_id(*cn))
        return CaError{kCaBadName,
                       "CSR CN '" + cloud::printable(*cn, 80) + "' is not a device id (1..64 of [A-Za-z0-9._-])"};
    return *cn;
}

// The issuer field copied from the intermediate's subject, string types included, so that name
// chaining compares equal byte for byte: each attribute as "OID=#DER" (RFC 4514 hexstring form),
// which mbedtls stores with the tag it carries.
bool copy_issuer_name(mbedtls_x509write_cert& w, const mbedtls_x509_name* subject) {
    std::string text;
    for (const mbedtls_x509_name* n = subject; n != nullptr; n = n->next) {
        if (n->oid.p == nullptr) continue;
        char oid[64];
        if (mbedtls_oid_get_numeric_string(oid, sizeof oid, &n->oid) < 0 || n->val.len > 255) return false;
        std::vector<uint8_t> der = {static_cast<uint8_t>(n->val.tag)};
        if (n->val.len >= 128) der.push_back(0x81);
        der.push_back(static_cast<uint8_t>(n->val.len));
        der.insert(der.end(), n->val.p, n->val.p + n->val.len);
        if (!text.empty()) text += ",";
        text += std::string(oid) + "=#" + fw::hex_encode(der);
    }
    return mbedtls_x509write_crt_set_issuer_name(&w, text.c_str()) == 0;
}

struct LeafSpec {
    const std::string& cn;
    mbedtls_pk_context* subject_key;
    int64_t not_before, not_after;
};

// The leaf certificate (PEM) as sign_csr documents it, signed by `issuer_key`.
std::variant<std::string, CaError> write_leaf(const LeafSpec& spec, mbedtls_pk_context* issuer_key,
                                              const mbedtls_x509_name* issuer_name, Random& rng) {
    CrtWriter w;
    mbedtls_x509write_crt_set_version(w.get(), MBEDTLS_X509_CRT_VERSION_3);
    mbedtls_x509write_crt_set_md_alg(w.get(), MBEDTLS_MD_SHA256);
    mbedtls_x509write_crt_set_subject_key(w.get(), spec.subject_key);
    mbedtls_x509write_crt_set_issuer_key(w.get(), issuer_key);
    unsigned char serial_bytes[16];
    rng.fill(serial_bytes, sizeof serial_bytes);
    serial_bytes[0] = static_cast<unsigned char>((serial_bytes[0] & 0x7F) | 0x40);  // positive, all 16 bytes used
    // extendedKeyUsage, DER: SEQUENCE { OID 1.3.6.1.5.5.7.3.2 (clientAuth) }.
    static const unsigned char kClientAuthEku[] = {0x30, 0x0A, 0x06, 0x08, 0x2B, 0x06,
                                                   0x01, 0x05, 0x05, 0x07, 0x03, 0x02};
    bool ok = mbedtls_x509write_crt_set_serial_raw(w.get(), serial_bytes, sizeof serial_bytes) == 0 &&
              mbedtls_x509write_crt_set_validity(w.get(), utc_asn1_text(spec.not_before).c_str(),
                                                 utc_asn1_text(spec.not_after).c_str()) == 0 &&
              mbedtls_x509write_crt_set_subject_name(w.get(), ("CN=" + spec.cn).c_str()) == 0 &&
              copy_issuer_name(*w.get(), issuer_name) &&
              mbedtls_x509write_crt_set_basic_constraints(w.get(), 0, -1) == 0 &&
              mbedtls_x509write_crt_set_key_usage(w.get(), MBEDTLS_X509_KU_DIGITAL_SIGNATURE) == 0 &&
              mbedtls_x509write_crt_set_extension(w.get(), MBEDTLS_OID_EXTENDED_KEY_USAGE,
                                                  MBEDTLS_OID_SIZE(MBEDTLS_OID_EXTENDED_KEY_USAGE), 0, kClientAuthEku,
                                                  sizeof kClientAuthEku) == 0 &&
              mbedtls_x509write_crt_set_subject_key_identifier(w.get()) == 0 &&
              mbedtls_x509write_crt_set_authority_key_identifier(w.get()) == 0;
    if (!ok) return CaError{kCaSigningFailed, "cannot build the certificate for '" + spec.cn + "'"};
    unsigned char buf[8192];
    int rc = mbedtls_x509write_crt_pem(w.get(), buf, sizeof buf, Random::callback, &rng);
    if (rc != 0)
        return CaError{kCaSigningFailed, "cannot sign the certificate for '" + spec.cn + "': " + mbedtls_error(rc)};
    return std::string(reinterpret_cast<const char*>(buf));
}

}  // namespace

FleetCa::FleetCa(const std::string& issuer_cert_file, const std::string& issuer_key_file, const std::string& trust_file,
                 int validity_days)
    : st_(std::make_unique<State>()), validity_days_(validity_days) {
    load_certs(st_->issuer.get(), issuer_cert_file, "the issuing CA certificate");
    load_certs(st_->trust.get(), trust_file, "the trust anchors");
    int rc = mbedtls_pk_parse_keyfile(st_->key.get(), issuer_key_file.c_str(), nullptr, Random::callback, &st_->rng);
    if (rc != 0)
        throw std::runtime_error("cannot load the issuing CA key from " + issuer_key_file + ": " + mbedtls_error(rc));
    if (mbedtls_pk_check_pair(&st_->issuer->pk, st_->key.get(), Random::callback, &st_->rng) != 0)
        throw std::runtime_error("the key in " + issuer_key_file + " does not belong to the certificate in " +
                                 issuer_cert_file);
    uint32_t flags = 0;
    mbedtls_x509_crt_verify(st_->issuer.get(), st_->trust.get(), nullptr, nullptr, &flags, nullptr, nullptr);
    if (flags & MBEDTLS_X509_BADCERT_NOT_TRUSTED)
        throw std::runtime_error("the issuing CA in " + issuer_cert_file + " does not chain to the trust anchors in " +
                                 trust_file);
    st_->issuer_pem = der_to_pem(st_->issuer->raw.p, st_->issuer->raw.len);
}

FleetCa::~FleetCa() = default;

const std::string& FleetCa::issuer_pem() const { return st_->issuer_pem; }

std::variant<IssuedCert, CaError> FleetCa::sign_csr(const std::string& csr_pem, int64_t now_unix_s) {
    if (csr_pem.find("-----BEGIN CERTIFICATE REQUEST-----") == std::string::npos)
        return CaError{kCaUnparsable, "not a PEM certificate signing request (no BEGIN CERTIFICATE REQUEST line)"};
    Csr csr;
    int rc =
        mbedtls_x509_csr_parse(csr.get(), reinterpret_cast<const unsigned char*>(csr_pem.c_str()), csr_pem.size() + 1);
    if (rc != 0) return CaError{kCaUnparsable, "CSR does not parse: " + mbedtls_error(rc)};
    if (auto e = check_signature(*csr.get())) return *e;
    if (auto e = check_key(csr->pk)) return *e;
    auto cn = checked_cn(*csr.get());
    if (auto* e = std::get_if<CaError>(&cn)) return *e;
    const std::string& name = std::get<std::string>(cn);

    auto leaf = write_leaf({name, &csr->pk, now_unix_s - kBackdateS, now_unix_s + int64_t{validity_days_} * 86400},
                           st_->key.get(), &st_->issuer->subject, st_->rng);
    if (auto* e = std::get_if<CaError>(&leaf)) return *e;
    const std::string& pem = std::get<std::string>(leaf);
    return IssuedCert{pem + st_->issuer_pem, fingerprint(pem), name};
}

std::string FleetCa::fingerprint(const std::string& cert_pem) {
    Crt crt;
    if (parse_pem_certs(crt.get(), cert_pem) < 0 || crt->raw.p == nullptr) return "";
    return cloud::sha256_hex(crt->raw.p, crt->raw.len);
}

}  // namespace devcloud
