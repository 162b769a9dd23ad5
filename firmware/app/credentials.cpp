#include "firmware/app/credentials.h"

#include <mbedtls/oid.h>
#include <mbedtls/pk.h>
#include <mbedtls/x509_crt.h>

#include <cstring>

namespace fw::app {
namespace {

int64_t to_unix(const mbedtls_x509_time& t) {
    // Days from civil date (Howard Hinnant's algorithm): no OS time functions in firmware.
    int y = t.year, m = t.mon, d = t.day;
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    int64_t days = era * 146097 + doe - 719468;
    return days * 86400 + t.hour * 3600 + t.min * 60 + t.sec;
}

Result<std::string> read_text(const storage::CertFs& fs, const char* name) {
    auto r = fs.read(name);
    if (!r.ok()) return r.err();
    return std::string(r->begin(), r->end());
}

CredentialCheck problem(CredentialProblem p, std::string detail) {
    CredentialCheck c;
    c.problem = p;
    c.detail = std::move(detail);
    return c;
}

}  // namespace

const char* credential_problem_name(CredentialProblem p) {
    switch (p) {
        case CredentialProblem::None: return "ok";
        case CredentialProblem::Missing: return "missing";
        case CredentialProblem::Unparsable: return "unparsable";
        case CredentialProblem::KeyMismatch: return "key does not match certificate";
        case CredentialProblem::Expired: return "expired";
        case CredentialProblem::NotYetValid: return "not yet valid";
    }
    return "?";
}

CredentialCheck load_credentials(const storage::CertFs& fs, int64_t now_unix_ms) {
    DeviceCredentials c;
    for (auto [name, out] : {std::pair{kDeviceCertFile, &c.cert_pem}, std::pair{kDeviceKeyFile, &c.key_pem},
                             std::pair{kServerChainFile, &c.ca_pem}}) {
        auto text = read_text(fs, name);
        if (!text.ok())
            return problem(CredentialProblem::Missing, std::string(name) + ": " + err_name(text.err()));
        *out = text.value();
    }
    mbedtls_x509_crt crt, ca;
    mbedtls_pk_context key;
    mbedtls_x509_crt_init(&crt);
    mbedtls_x509_crt_init(&ca);
    mbedtls_pk_init(&key);
    CredentialCheck result;
    auto parse_ok = [](mbedtls_x509_crt* x, const std::string& pem) {
        return mbedtls_x509_crt_parse(x, reinterpret_cast<const unsigned char*>(pem.c_str()), pem.size() + 1) == 0;
    };
    if (!parse_ok(&crt, c.cert_pem)) {
        result = problem(CredentialProblem::Unparsable, std::string(kDeviceCertFile) + ": not a PEM certificate");
    } else if (!parse_ok(&ca, c.ca_pem)) {
        result = problem(CredentialProblem::Unparsable, std::string(kServerChainFile) + ": not a PEM certificate chain");
    } else if (mbedtls_pk_parse_key(&key, reinterpret_cast<const unsigned char*>(c.key_pem.c_str()), c.key_pem.size() + 1,
                                    nullptr, 0) != 0) {
        result = problem(CredentialProblem::Unparsable, std::string(kDeviceKeyFile) + ": not a PEM private key");
    } else if (mbedtls_pk_check_pair(&crt.pk, &key) != 0) {
        result = problem(CredentialProblem::KeyMismatch, std::string(kDeviceKeyFile) + " does not belong to " + kDeviceCertFile);
    } else {
        c.not_after_unix = to_unix(crt.valid_to);
        int64_t now_s = now_unix_ms / 1000;
        if (now_unix_ms > 0 && now_s > c.not_after_unix) {
            result = problem(CredentialProblem::Expired, std::string(kDeviceCertFile) + " expired");
        } else if (now_unix_ms > 0 && now_s < to_unix(crt.valid_from)) {
            result = problem(CredentialProblem::NotYetValid, std::string(kDeviceCertFile) + " is not valid yet");
        } else {
            const mbedtls_x509_name* n = &crt.subject;
            for (; n != nullptr; n = n->next)
                if (MBEDTLS_OID_CMP(MBEDTLS_OID_AT_CN, &n->oid) == 0)
                    c.common_name.assign(reinterpret_cast<const char*>(n->val.p), n->val.len);
            result.creds = std::move(c);
        }
    }
    mbedtls_pk_free(&key);
    mbedtls_x509_crt_free(&ca);
    mbedtls_x509_crt_free(&crt);
    return result;
}

}  // namespace fw::app
