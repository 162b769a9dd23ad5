// FleetCa::verify: a device certificate checked against the trust anchors at a given time.
#include <mbedtls/oid.h>

#include "firmware/app/identity/x509_info.h"
#include "tools/src/devcloud/fleet_ca.h"
#include "tools/src/devcloud/fleet_ca_state.h"
#include "tools/src/devcloud/time_text.h"

namespace devcloud {
namespace {

constexpr uint32_t kTimeFlags = MBEDTLS_X509_BADCERT_EXPIRED | MBEDTLS_X509_BADCERT_FUTURE;

// mbedtls checks validity against the wall clock; this replaces that check, certificate by
// certificate, with the caller's time, and remembers the problem closest to the leaf.
struct TimeCheck {
    int64_t now = 0;
    int depth = -1;
    CaError problem;
};

int check_time(void* ctx, mbedtls_x509_crt* crt, int depth, uint32_t* flags) {
    auto* tc = static_cast<TimeCheck*>(ctx);
    *flags &= ~kTimeFlags;
    int64_t from = fw::app::x509_time_unix(crt->valid_from), to = fw::app::x509_time_unix(crt->valid_to);
    if (tc->now <= to && tc->now >= from) return 0;
    *flags |= tc->now > to ? MBEDTLS_X509_BADCERT_EXPIRED : MBEDTLS_X509_BADCERT_FUTURE;
    if (tc->depth >= 0 && tc->depth < depth) return 0;
    std::string who = depth == 0 ? "certificate" : "CA certificate '" + dn_text(&crt->subject) + "'";
    tc->depth = depth;
    tc->problem = tc->now > to ? CaError{kCaExpired, who + " expired on " + utc_text(to)}
                               : CaError{kCaNotYetValid, who + " is not valid before " + utc_text(from)};
    return 0;
}

std::string verify_text(uint32_t flags) {
    char buf[512];
    int n = mbedtls_x509_crt_verify_info(buf, sizeof buf, "", flags);
    std::string s = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "verification failed";
    for (char& c : s)
        if (c == '\n') c = ';';
    while (!s.empty() && (s.back() == ';' || s.back() == ' ')) s.pop_back();
    return s;
}

}  // namespace

std::variant<std::string, CaError> FleetCa::verify(const std::string& cert_pem, int64_t now_unix_s) const {
    Crt chain;
    if (cert_pem.find("-----BEGIN CERTIFICATE-----") == std::string::npos ||
        parse_pem_certs(chain.get(), cert_pem) != 0)
        return CaError{kCaUnparsable, "not a PEM certificate (or a damaged one)"};
    const mbedtls_x509_crt* leaf = chain.get();
    // The intermediate goes after whatever the device sent: a leaf alone still chains.
    if (mbedtls_x509_crt_parse_der(chain.get(), st_->issuer->raw.p, st_->issuer->raw.len) != 0)
        return CaError{kCaInvalid, "cannot add the issuing CA to the chain"};
    TimeCheck tc;
    tc.now = now_unix_s;
    uint32_t flags = 0;
    mbedtls_x509_crt_verify(chain.get(), st_->trust.get(), nullptr, nullptr, &flags, check_time, &tc);
    if (flags & MBEDTLS_X509_BADCERT_NOT_TRUSTED)
        return CaError{kCaUntrusted,
                       "certificate is not issued by a trusted CA (its issuer: " + dn_text(&leaf->issuer) + ")"};
    if (flags & kTimeFlags) return tc.problem;
    if (flags != 0) return CaError{kCaInvalid, "certificate refused: " + verify_text(flags)};
    if (mbedtls_x509_crt_check_extended_key_usage(leaf, MBEDTLS_OID_CLIENT_AUTH,
                                                  MBEDTLS_OID_SIZE(MBEDTLS_OID_CLIENT_AUTH)) != 0)
        return CaError{kCaWrongUsage, "certificate's extended key usage does not allow TLS client authentication"};
    auto cn = common_name(&leaf->subject);
    if (!cn) return CaError{kCaInvalid, "certificate subject must hold exactly one CN"};
    return *cn;
}

}  // namespace devcloud
