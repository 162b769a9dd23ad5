#pragma once
// Small mbedtls X.509 helpers shared by the CA's signing and checking: owned contexts, names,
// times and error text.
#include <mbedtls/pk.h>
#include <mbedtls/x509_crt.h>
#include <mbedtls/x509_csr.h>

#include <cstdint>
#include <optional>
#include <string>

#include "firmware/core/c_context.h"
#include "firmware/net/tls/x509_contexts.h"

namespace devcloud {

using Crt = fw::net::X509Crt;
using PkKey = fw::net::PkContext;
using Csr = fw::CContext<mbedtls_x509_csr, mbedtls_x509_csr_init, mbedtls_x509_csr_free>;

std::string mbedtls_error(int rc);

// The subject's CN when there is exactly one.
std::optional<std::string> common_name(const mbedtls_x509_name* name);

// "O=..., CN=..." for messages.
std::string dn_text(const mbedtls_x509_name* name);

// Parses PEM text (NUL added here, as mbedtls wants); the mbedtls return code.
int parse_pem_certs(mbedtls_x509_crt* chain, const std::string& pem);

}  // namespace devcloud
