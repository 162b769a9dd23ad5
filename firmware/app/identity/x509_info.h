#pragma once
// Facts read off parsed X.509 certificates, with no OS time functions (firmware rule).
#include <mbedtls/pk.h>
#include <mbedtls/x509_crt.h>

#include <cstdint>
#include <string>

#include "firmware/net/tls/x509_validity.h"

namespace fw::app {

// Seconds since 1970 (UTC) of an X.509 time (the device's validity rule lives in net/).
using net::x509_time_unix;
// The CN of a subject or issuer name; empty when it has none.
std::string x509_common_name(const mbedtls_x509_name& name);
// Both hold the same public key (compared in their DER encoding).
bool same_public_key(mbedtls_pk_context& a, mbedtls_pk_context& b);
// The first certificate of a PEM chain (the leaf), or the text itself when it holds none.
std::string leaf_pem(const std::string& chain_pem);
// Parses PEM text (one certificate or a chain) into `out`; false if any certificate is bad.
bool parse_certs(mbedtls_x509_crt& out, const std::string& pem);

}  // namespace fw::app
