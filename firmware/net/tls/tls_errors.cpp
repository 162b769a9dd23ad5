#include "firmware/net/tls/internal/tls_errors.h"

#include <mbedtls/error.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509.h>
#include <mbedtls/x509_crt.h>

#include <cstdio>

namespace fw::net {
namespace {

// The server's chain decides trust first: an expiry or name on an untrusted chain means nothing.
LinkError classify_verify_flags(uint32_t flags) {
    if (flags & MBEDTLS_X509_BADCERT_NOT_TRUSTED) return LinkError::CertUntrusted;
    if (flags & (MBEDTLS_X509_BADCERT_EXPIRED | MBEDTLS_X509_BADCERT_FUTURE)) return LinkError::CertExpired;
    if (flags & MBEDTLS_X509_BADCERT_CN_MISMATCH) return LinkError::HostnameMismatch;
    return LinkError::CertUntrusted;
}

LinkError classify_alert(int alert) {
    switch (alert) {
        case MBEDTLS_SSL_ALERT_MSG_CERT_EXPIRED: return LinkError::CertExpired;
        case MBEDTLS_SSL_ALERT_MSG_NO_CERT:
        case MBEDTLS_SSL_ALERT_MSG_BAD_CERT:
        case MBEDTLS_SSL_ALERT_MSG_UNSUPPORTED_CERT:
        case MBEDTLS_SSL_ALERT_MSG_CERT_REVOKED:
        case MBEDTLS_SSL_ALERT_MSG_CERT_UNKNOWN:
        case MBEDTLS_SSL_ALERT_MSG_UNKNOWN_CA:
        case MBEDTLS_SSL_ALERT_MSG_ACCESS_DENIED: return LinkError::PeerRejectedCert;
        default: return LinkError::TlsError;
    }
}

// mbedtls' verify text is one line per flag; the log wants one line.
void verify_text(uint32_t flags, char* out, size_t len) {
    int n = mbedtls_x509_crt_verify_info(out, len, "", flags);
    if (n <= 0) {
        std::snprintf(out, len, "verify flags 0x%x", static_cast<unsigned>(flags));
        return;
    }
    size_t end = static_cast<size_t>(n) < len ? static_cast<size_t>(n) : len - 1;
    while (end > 0 && out[end - 1] == '\n') out[--end] = '\0';
    for (size_t i = 0; i < end; ++i)
        if (out[i] == '\n') out[i] = ';';
}

}  // namespace

LinkError classify_tls_failure(const TlsFailureInfo& info, char* detail, size_t detail_len) {
    if (detail_len == 0) return LinkError::TlsError;
    detail[0] = '\0';
    if (info.mbedtls_ret == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED) {
        verify_text(info.verify_flags, detail, detail_len);
        return classify_verify_flags(info.verify_flags);
    }
    if (info.alert >= 0) {
        std::snprintf(detail, detail_len, "peer sent fatal alert %s (%d)", tls_alert_name(info.alert), info.alert);
        return classify_alert(info.alert);
    }
    if (info.alert_after_client_cert) {
        std::snprintf(detail, detail_len, "peer sent a fatal alert in answer to our client certificate");
        return LinkError::PeerRejectedCert;
    }
    if (info.io != hal::Status::Ok) {
        std::snprintf(detail, detail_len, "network: %s", name_of(info.io));
        return link_error_from_io(info.io);
    }
    if (info.mbedtls_ret == MBEDTLS_ERR_SSL_CONN_EOF || info.mbedtls_ret == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY) {
        std::snprintf(detail, detail_len, "%s",
                      info.mbedtls_ret == MBEDTLS_ERR_SSL_CONN_EOF ? "end of stream" : "close_notify");
        return LinkError::PeerClosed;
    }
    char text[96];
    mbedtls_strerror(info.mbedtls_ret, text, sizeof text);
    std::snprintf(detail, detail_len, "mbedtls -0x%04x: %s", static_cast<unsigned>(-info.mbedtls_ret), text);
    return LinkError::TlsError;
}

LinkError link_error_from_io(hal::Status s) {
    switch (s) {
        case hal::Status::Ok: return LinkError::None;
        case hal::Status::NotFound: return LinkError::DnsFailed;
        case hal::Status::Refused: return LinkError::ConnectRefused;
        case hal::Status::Timeout: return LinkError::ConnectTimeout;
        case hal::Status::Closed:
        case hal::Status::Reset: return LinkError::PeerClosed;
        default: return LinkError::NetworkDown;
    }
}

Err err_from_link_error(LinkError e) {
    switch (e) {
        case LinkError::None: return Err::Ok;
        case LinkError::DnsFailed: return Err::NotFound;
        case LinkError::ConnectRefused:
        case LinkError::PeerRejectedCert: return Err::Refused;
        case LinkError::ConnectTimeout:
        case LinkError::HandshakeTimeout: return Err::Timeout;
        case LinkError::CertExpired:
        case LinkError::CertUntrusted:
        case LinkError::HostnameMismatch: return Err::VerifyFailed;
        case LinkError::TlsError: return Err::Protocol;
        case LinkError::PeerClosed: return Err::Closed;
        case LinkError::NetworkDown: return Err::Io;
        case LinkError::BadConfig: return Err::InvalidArg;
    }
    return Err::Io;
}

const char* tls_alert_name(int alert) {
    switch (alert) {
        case MBEDTLS_SSL_ALERT_MSG_CLOSE_NOTIFY: return "close_notify";
        case MBEDTLS_SSL_ALERT_MSG_UNEXPECTED_MESSAGE: return "unexpected_message";
        case MBEDTLS_SSL_ALERT_MSG_BAD_RECORD_MAC: return "bad_record_mac";
        case MBEDTLS_SSL_ALERT_MSG_RECORD_OVERFLOW: return "record_overflow";
        case MBEDTLS_SSL_ALERT_MSG_HANDSHAKE_FAILURE: return "handshake_failure";
        case MBEDTLS_SSL_ALERT_MSG_NO_CERT: return "no_certificate";
        case MBEDTLS_SSL_ALERT_MSG_BAD_CERT: return "bad_certificate";
        case MBEDTLS_SSL_ALERT_MSG_UNSUPPORTED_CERT: return "unsupported_certificate";
        case MBEDTLS_SSL_ALERT_MSG_CERT_REVOKED: return "certificate_revoked";
        case MBEDTLS_SSL_ALERT_MSG_CERT_EXPIRED: return "certificate_expired";
        case MBEDTLS_SSL_ALERT_MSG_CERT_UNKNOWN: return "certificate_unknown";
        case MBEDTLS_SSL_ALERT_MSG_ILLEGAL_PARAMETER: return "illegal_parameter";
        case MBEDTLS_SSL_ALERT_MSG_UNKNOWN_CA: return "unknown_ca";
        case MBEDTLS_SSL_ALERT_MSG_ACCESS_DENIED: return "access_denied";
        case MBEDTLS_SSL_ALERT_MSG_DECODE_ERROR: return "decode_error";
        case MBEDTLS_SSL_ALERT_MSG_DECRYPT_ERROR: return "decrypt_error";
        case MBEDTLS_SSL_ALERT_MSG_PROTOCOL_VERSION: return "protocol_version";
        case MBEDTLS_SSL_ALERT_MSG_INSUFFICIENT_SECURITY: return "insufficient_security";
        case MBEDTLS_SSL_ALERT_MSG_INTERNAL_ERROR: return "internal_error";
        case MBEDTLS_SSL_ALERT_MSG_UNSUPPORTED_EXT: return "unsupported_extension";
        case MBEDTLS_SSL_ALERT_MSG_UNRECOGNIZED_NAME: return "unrecognized_name";
        case MBEDTLS_SSL_ALERT_MSG_NO_APPLICATION_PROTOCOL: return "no_application_protocol";
        default: return "unknown alert";
    }
}

}  // namespace fw::net
