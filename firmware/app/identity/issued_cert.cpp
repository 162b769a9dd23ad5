#include "firmware/app/identity/issued_cert.h"

#include <mbedtls/oid.h>
#include <mbedtls/pk.h>
#include <mbedtls/x509_crt.h>

#include "firmware/app/identity/x509_info.h"
#include "firmware/core/crypto_init.h"
#include "firmware/net/tls/x509_contexts.h"

namespace fw::app {
namespace {

IssuedCertCheck verdict(IssuedCertVerdict v, std::string detail) { return {v, std::move(detail)}; }

}  // namespace

IssuedCertCheck check_issued_cert(const std::string& chain_pem, const std::string& ca_pem, const std::string& key_pem,
                                  const std::string& device_id, int64_t now_unix_ms) {
    net::X509Crt chain, ca;
    net::PkContext key;
    if (!parse_certs(*chain, chain_pem)) return verdict(IssuedCertVerdict::Unparsable, "not a PEM certificate");
    if (!parse_certs(*ca, ca_pem)) return verdict(IssuedCertVerdict::Untrusted, "the trusted CA file does not parse");
    if (mbedtls_pk_parse_key(key.get(), reinterpret_cast<const unsigned char*>(key_pem.c_str()), key_pem.size() + 1,
                             nullptr, 0, psa_rng_callback, nullptr) != 0)
        return verdict(IssuedCertVerdict::Unparsable, "the device key does not parse");
    mbedtls_x509_crt& leaf = *chain;
    std::string cn = x509_common_name(leaf.subject);
    if (!same_public_key(leaf.pk, *key))
        return verdict(IssuedCertVerdict::OtherDevice, "certificate for another key (CN '" + cn + "')");
    if (cn != device_id)
        return verdict(IssuedCertVerdict::WrongName, "issued for CN '" + cn + "', not '" + device_id + "'");
    uint32_t flags = 0;
    // Every certificate of the chain is judged by the HAL's clock, not the one mbedtls reads.
    net::ValidityTime now{now_unix_ms, 0};
    int rc = mbedtls_x509_crt_verify(&leaf, ca.get(), nullptr, nullptr, &flags, net::judge_validity, &now);
    if ((rc != 0 && rc != MBEDTLS_ERR_X509_CERT_VERIFY_FAILED) || (flags & ~net::kValidityFlags) != 0) {
        std::string issuer = x509_common_name(leaf.issuer);
        return verdict(IssuedCertVerdict::Untrusted,
                       "issued by '" + issuer + "', which does not chain to the fleet CA");
    }
    uint32_t leaf_flags = net::validity_flags(leaf, now_unix_ms);
    if ((leaf_flags & MBEDTLS_X509_BADCERT_EXPIRED) != 0)
        return verdict(IssuedCertVerdict::Expired, "certificate already expired");
    if ((leaf_flags & MBEDTLS_X509_BADCERT_FUTURE) != 0)
        return verdict(IssuedCertVerdict::NotYetValid, "certificate not valid yet");
    if (flags != 0)
        return verdict(IssuedCertVerdict::Expired,
                       "a CA certificate of its chain is expired or not valid yet (issuer '" +
                           x509_common_name(leaf.issuer) + "')");
    if (mbedtls_x509_crt_check_extended_key_usage(&leaf, MBEDTLS_OID_CLIENT_AUTH,
                                                  MBEDTLS_OID_SIZE(MBEDTLS_OID_CLIENT_AUTH)) != 0)
        return verdict(IssuedCertVerdict::NotClientCert, "certificate not usable for TLS client authentication");
    return verdict(IssuedCertVerdict::Ok, "");
}

}  // namespace fw::app
