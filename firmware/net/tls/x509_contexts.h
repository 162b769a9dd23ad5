#pragma once
// The mbedtls certificate and key contexts as owned values (see core/c_context.h).
#include <mbedtls/pk.h>
#include <mbedtls/x509_crt.h>

#include "firmware/core/c_context.h"

namespace fw::net {

using X509Crt = CContext<mbedtls_x509_crt, mbedtls_x509_crt_init, mbedtls_x509_crt_free>;
using PkContext = CContext<mbedtls_pk_context, mbedtls_pk_init, mbedtls_pk_free>;

}  // namespace fw::net
