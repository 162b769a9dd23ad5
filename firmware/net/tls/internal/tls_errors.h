#pragma once
// Turns what mbedtls and the network report about a failed TLS connection into a LinkError the
// app can act on, plus a sentence for the log that names the cause.
#include <cstddef>
#include <cstdint>

#include "firmware/net/transport.h"
#include "hal/status.h"

namespace fw::net {

// Everything known about one failure.
struct TlsFailureInfo {
    int mbedtls_ret = 0;        // what mbedtls_ssl_handshake/read/write returned
    uint32_t verify_flags = 0;  // mbedtls_ssl_get_verify_result() (MBEDTLS_X509_BADCERT_*)
    int alert = -1;             // fatal alert the peer sent, -1 if none or unknown
    // A fatal alert whose type mbedtls did not report came before any application data while
    // we presented a client certificate: the peer refused that certificate.
    bool alert_after_client_cert = false;
    hal::Status io = hal::Status::Ok;  // the failed hal::Net call, Ok if the network was fine
};

// Picks the one reason to report and writes a NUL-terminated explanation into `detail`.
LinkError classify_tls_failure(const TlsFailureInfo& info, char* detail, size_t detail_len);

// A failed hal::Net connect/send/recv as a LinkError (Refused -> ConnectRefused, ...).
LinkError link_error_from_io(hal::Status s);

// The fw::Err a Transport call returns for a LinkError.
Err err_from_link_error(LinkError e);

// RFC 5246 alert description name, e.g. 45 -> "certificate_expired".
const char* tls_alert_name(int alert);

}  // namespace fw::net
