#include "firmware/net/tls/internal/tls_errors.h"

#include "firmware/core/enum_names.h"

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
        (void)std::snprintf(out, len, "verify flags 0x%x", static_cast<unsigned>(flags));
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
        (void)std::snprintf(detail, detail_len, "peer sent fatal alert %s (%d)", tls_alert_name(info.alert),
                            info.alert);
        return classify_alert(info.alert);
    }
    if (info.alert_after_client_cert) {
        (void)std::snprintf(detail, detail_len, "peer sent a fatal alert in answer to our client certificate");
        return LinkError::PeerRejectedCert;
    }
    if (info.io != hal::Status::Ok) {
        (void)std::snprintf(detail, detail_len, "network: %s", name_of(info.io));
        return link_error_from_io(info.io);
    }
    if (info.mbedtls_ret == MBEDTLS_ERR_SSL_CONN_EOF || info.mbedtls_ret == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY) {
        (void)std::snprintf(detail, detail_len, "%s",
                            info.mbedtls_ret == MBEDTLS_ERR_SSL_CONN_EOF ? "end of stream" : "close_notify");
        return LinkError::PeerClosed;
    }
    char text[96];
    mbedtls_strerror(info.mbedtls_ret, text, sizeof text);
    (void)std::snprintf(detail, detail_len, "mbedtls -0x%04x: %s", static_cast<unsigned>(-info.mbedtls_ret), text);
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

// The alerts' names as RFC 8446 (and RFC 5246 for the older ones) spells them.
constexpr EnumName<int> kTlsAlertNames[] = {
    {MBEDTLS_SSL_ALERT_MSG_CLOSE_NOTIFY, "close_notify"},
    {MBEDTLS_SSL_ALERT_MSG_UNEXPECTED_MESSAGE, "unexpected_message"},
    {MBEDTLS_SSL_ALERT_MSG_BAD_RECORD_MAC, "bad_record_mac"},
    {MBEDTLS_SSL_ALERT_MSG_RECORD_OVERFLOW, "record_overflow"},
    {MBEDTLS_SSL_ALERT_MSG_HANDSHAKE_FAILURE, "handshake_failure"},
    {MBEDTLS_SSL_ALERT_MSG_NO_CERT, "no_certificate"},
    {MBEDTLS_SSL_ALERT_MSG_BAD_CERT, "bad_certificate"},
    {MBEDTLS_SSL_ALERT_MSG_UNSUPPORTED_CERT, "unsupported_certificate"},
    {MBEDTLS_SSL_ALERT_MSG_CERT_REVOKED, "certificate_revoked"},
    {MBEDTLS_SSL_ALERT_MSG_CERT_EXPIRED, "certificate_expired"},
    {MBEDTLS_SSL_ALERT_MSG_CERT_UNKNOWN, "certificate_unknown"},
    {MBEDTLS_SSL_ALERT_MSG_ILLEGAL_PARAMETER, "illegal_parameter"},
    {MBEDTLS_SSL_ALERT_MSG_UNKNOWN_CA, "unknown_ca"},
    {MBEDTLS_SSL_ALERT_MSG_ACCESS_DENIED, "access_denied"},
    {MBEDTLS_SSL_ALERT_MSG_DECODE_ERROR, "decode_error"},
    {MBEDTLS_SSL_ALERT_MSG_DECRYPT_ERROR, "decrypt_error"},
    {MBEDTLS_SSL_ALERT_MSG_PROTOCOL_VERSION, "protocol_version"},
    {MBEDTLS_SSL_ALERT_MSG_INSUFFICIENT_SECURITY, "insufficient_security"},
    {MBEDTLS_SSL_ALERT_MSG_INTERNAL_ERROR, "internal_error"},
    {MBEDTLS_SSL_ALERT_MSG_UNSUPPORTED_EXT, "unsupported_extension"},
    {MBEDTLS_SSL_ALERT_MSG_UNRECOGNIZED_NAME, "unrecognized_name"},
    {MBEDTLS_SSL_ALERT_MSG_NO_APPLICATION_PROTOCOL, "no_application_protocol"},
};

const char* tls_alert_name(int alert) { return name_in(kTlsAlertNames, alert, "unknown alert"); }

}  // namespace fw::net
