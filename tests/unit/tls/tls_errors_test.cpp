// How mbedtls results, verify flags, peer alerts and network failures become LinkErrors.
#include <gtest/gtest.h>
#include <mbedtls/error.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509.h>

#include <string>

#include "firmware/net/tls/internal/tls_errors.h"

namespace {

using fw::net::LinkError;
using fw::net::TlsFailureInfo;

struct Classified {
    LinkError error;
    std::string detail;
};

Classified classify(const TlsFailureInfo& info) {
    char detail[192];
    LinkError e = fw::net::classify_tls_failure(info, detail, sizeof detail);
    return {e, detail};
}

TlsFailureInfo verify_failure(uint32_t flags) {
    TlsFailureInfo info;
    info.mbedtls_ret = MBEDTLS_ERR_X509_CERT_VERIFY_FAILED;
    info.verify_flags = flags;
    return info;
}

TlsFailureInfo alert(int a) {
    TlsFailureInfo info;
    info.mbedtls_ret = MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE;
    info.alert = a;
    return info;
}

TEST(TlsErrors, VerifyFlagsPickOneReasonUntrustedFirst) {
    EXPECT_EQ(classify(verify_failure(MBEDTLS_X509_BADCERT_NOT_TRUSTED)).error, LinkError::CertUntrusted);
    EXPECT_EQ(classify(verify_failure(MBEDTLS_X509_BADCERT_NOT_TRUSTED | MBEDTLS_X509_BADCERT_EXPIRED |
                                      MBEDTLS_X509_BADCERT_CN_MISMATCH))
                  .error,
              LinkError::CertUntrusted);
    EXPECT_EQ(classify(verify_failure(MBEDTLS_X509_BADCERT_EXPIRED)).error, LinkError::CertExpired);
    EXPECT_EQ(classify(verify_failure(MBEDTLS_X509_BADCERT_FUTURE)).error, LinkError::CertExpired);
    EXPECT_EQ(classify(verify_failure(MBEDTLS_X509_BADCERT_EXPIRED | MBEDTLS_X509_BADCERT_CN_MISMATCH)).error,
              LinkError::CertExpired);
    EXPECT_EQ(classify(verify_failure(MBEDTLS_X509_BADCERT_CN_MISMATCH)).error, LinkError::HostnameMismatch);
    EXPECT_EQ(classify(verify_failure(MBEDTLS_X509_BADCERT_EXT_KEY_USAGE)).error, LinkError::CertUntrusted);
}

TEST(TlsErrors, VerifyDetailIsOneReadableLine) {
    Classified c = classify(verify_failure(MBEDTLS_X509_BADCERT_EXPIRED | MBEDTLS_X509_BADCERT_CN_MISMATCH));
    EXPECT_NE(c.detail.find("expired"), std::string::npos) << c.detail;
    EXPECT_NE(c.detail.find("Common Name"), std::string::npos) << c.detail;
    EXPECT_EQ(c.detail.find('\n'), std::string::npos) << c.detail;
}

TEST(TlsErrors, PeerAlertsAboutOurCertificate) {
    EXPECT_EQ(classify(alert(MBEDTLS_SSL_ALERT_MSG_CERT_EXPIRED)).error, LinkError::CertExpired);
    EXPECT_EQ(classify(alert(MBEDTLS_SSL_ALERT_MSG_UNKNOWN_CA)).error, LinkError::PeerRejectedCert);
    EXPECT_EQ(classify(alert(MBEDTLS_SSL_ALERT_MSG_BAD_CERT)).error, LinkError::PeerRejectedCert);
    EXPECT_EQ(classify(alert(MBEDTLS_SSL_ALERT_MSG_CERT_UNKNOWN)).error, LinkError::PeerRejectedCert);
    EXPECT_EQ(classify(alert(MBEDTLS_SSL_ALERT_MSG_ACCESS_DENIED)).error, LinkError::PeerRejectedCert);
    EXPECT_EQ(classify(alert(MBEDTLS_SSL_ALERT_MSG_HANDSHAKE_FAILURE)).error, LinkError::TlsError);
    EXPECT_EQ(classify(alert(MBEDTLS_SSL_ALERT_MSG_CERT_EXPIRED)).detail,
              "peer sent fatal alert certificate_expired (45)");
    EXPECT_EQ(classify(alert(200)).detail, "peer sent fatal alert unknown alert (200)");
}

TEST(TlsErrors, AnAlertOutranksTheNetworkFailureAfterIt) {
    TlsFailureInfo info = alert(MBEDTLS_SSL_ALERT_MSG_UNKNOWN_CA);
    info.io = hal::Status::Reset;
    EXPECT_EQ(classify(info).error, LinkError::PeerRejectedCert);
}

TEST(TlsErrors, NetworkFailures) {
    TlsFailureInfo info;
    info.mbedtls_ret = -0x0050;  // MBEDTLS_ERR_NET_CONN_RESET
    info.io = hal::Status::Reset;
    Classified c = classify(info);
    EXPECT_EQ(c.error, LinkError::PeerClosed);
    EXPECT_EQ(c.detail, "network: connection reset");
    info.io = hal::Status::Io;
    EXPECT_EQ(classify(info).error, LinkError::NetworkDown);
    EXPECT_EQ(fw::net::link_error_from_io(hal::Status::NotFound), LinkError::DnsFailed);
    EXPECT_EQ(fw::net::link_error_from_io(hal::Status::Refused), LinkError::ConnectRefused);
    EXPECT_EQ(fw::net::link_error_from_io(hal::Status::Timeout), LinkError::ConnectTimeout);
    EXPECT_EQ(fw::net::link_error_from_io(hal::Status::Closed), LinkError::PeerClosed);
}

TEST(TlsErrors, EndOfStreamAndCloseNotifyArePeerClosed) {
    TlsFailureInfo info;
    info.mbedtls_ret = MBEDTLS_ERR_SSL_CONN_EOF;
    EXPECT_EQ(classify(info).error, LinkError::PeerClosed);
    info.mbedtls_ret = MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY;
    Classified c = classify(info);
    EXPECT_EQ(c.error, LinkError::PeerClosed);
    EXPECT_EQ(c.detail, "close_notify");
}

TEST(TlsErrors, AnythingElseIsATlsErrorWithMbedtlsText) {
    TlsFailureInfo info;
    info.mbedtls_ret = MBEDTLS_ERR_SSL_DECODE_ERROR;
    Classified c = classify(info);
    EXPECT_EQ(c.error, LinkError::TlsError);
    EXPECT_EQ(c.detail.rfind("mbedtls -0x7300: ", 0), 0u) << c.detail;
}

TEST(TlsErrors, DetailIsTruncatedNotOverrun) {
    char small[8];
    fw::net::classify_tls_failure(alert(MBEDTLS_SSL_ALERT_MSG_UNKNOWN_CA), small, sizeof small);
    EXPECT_EQ(std::string(small), "peer se");
    char none[1] = {'x'};
    EXPECT_EQ(fw::net::classify_tls_failure(alert(48), none, 0), LinkError::TlsError);
    EXPECT_EQ(none[0], 'x');
}

TEST(TlsErrors, ErrFollowsTheReason) {
    using fw::Err;
    EXPECT_EQ(fw::net::err_from_link_error(LinkError::None), Err::Ok);
    EXPECT_EQ(fw::net::err_from_link_error(LinkError::DnsFailed), Err::NotFound);
    EXPECT_EQ(fw::net::err_from_link_error(LinkError::HandshakeTimeout), Err::Timeout);
    EXPECT_EQ(fw::net::err_from_link_error(LinkError::HostnameMismatch), Err::VerifyFailed);
    EXPECT_EQ(fw::net::err_from_link_error(LinkError::PeerRejectedCert), Err::Refused);
    EXPECT_EQ(fw::net::err_from_link_error(LinkError::PeerClosed), Err::Closed);
    EXPECT_EQ(fw::net::err_from_link_error(LinkError::BadConfig), Err::InvalidArg);
}

}  // namespace
