#include "firmware/net/tls/tls_credentials.h"

#include <mbedtls/error.h>

#include <cstring>

#include "firmware/core/log.h"
#include "firmware/core/rng_callback.h"

namespace fw::net {
namespace {

constexpr const char* kTag = "tls";

// mbedtls wants PEM with its terminating NUL counted in the length.
size_t pem_len(const char* pem) { return std::strlen(pem) + 1; }

Status parse_failed(const char* what, int ret) {
    char text[96];
    mbedtls_strerror(ret, text, sizeof text);
    FW_LOGE(kTag, "bad TLS config: %s does not parse: %s (-0x%04x)", what, text, static_cast<unsigned>(-ret));
    return Err::InvalidArg;
}

}  // namespace

std::atomic<uint32_t> TlsCredentials::sets_parsed_{0};

void TlsCredentials::clear() {
    ca_.reset();
    cert_.reset();
    key_.reset();
    has_client_cert_ = false;
}

Status TlsCredentials::load(const char* ca_pem, const char* cert_pem, const char* key_pem, hal::Rng& rng) {
    clear();
    Status st = parse(ca_pem, cert_pem, key_pem, rng);
    if (!st.ok())
        clear();
    else
        ++sets_parsed_;
    return st;
}

Status TlsCredentials::parse(const char* ca_pem, const char* cert_pem, const char* key_pem, hal::Rng& rng) {
    if (ca_pem == nullptr || ca_pem[0] == '\0') {
        FW_LOGE(kTag, "bad TLS config: no CA certificate");
        return Err::InvalidArg;
    }
    const auto* ca = reinterpret_cast<const unsigned char*>(ca_pem);
    int ret = mbedtls_x509_crt_parse(ca_.get(), ca, pem_len(ca_pem));
    // A positive result counts certificates that failed while others parsed: a partly broken
    // bundle would silently trust less than configured.
    if (ret != 0) return parse_failed("CA certificate", ret < 0 ? ret : MBEDTLS_ERR_X509_INVALID_FORMAT);
    if (cert_pem == nullptr) return ok_status();
    if (key_pem == nullptr) {
        FW_LOGE(kTag, "bad TLS config: client certificate without a key");
        return Err::InvalidArg;
    }
    ret = mbedtls_x509_crt_parse(cert_.get(), reinterpret_cast<const unsigned char*>(cert_pem), pem_len(cert_pem));
    if (ret != 0) return parse_failed("client certificate", ret < 0 ? ret : MBEDTLS_ERR_X509_INVALID_FORMAT);
    ret = mbedtls_pk_parse_key(key_.get(), reinterpret_cast<const unsigned char*>(key_pem), pem_len(key_pem), nullptr,
                               0, rng_callback, &rng);
    if (ret != 0) return parse_failed("client key", ret);
    ret = mbedtls_pk_check_pair(&cert_->pk, key_.get(), rng_callback, &rng);
    if (ret != 0) {
        FW_LOGE(kTag, "bad TLS config: the client key does not belong to the client certificate");
        return Err::InvalidArg;
    }
    has_client_cert_ = true;
    return ok_status();
}

}  // namespace fw::net
