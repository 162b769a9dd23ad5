#include "firmware/app/identity/credentials.h"

#include <mbedtls/pk.h>
#include <mbedtls/x509_crt.h>

#include "firmware/app/identity/device_key.h"
#include "firmware/app/identity/x509_info.h"
#include "firmware/core/crypto_init.h"
#include "firmware/core/enum_names.h"
#include "firmware/net/tls/x509_contexts.h"

namespace fw::app {
namespace {

Result<std::string> read_text(const storage::CertFs& fs, const char* name) {
    auto r = fs.read(name);
    if (!r.ok()) return r.err();
    return std::string(r->begin(), r->end());
}

CredentialCheck problem(CredentialProblem p, const char* file, const std::string& detail) {
    CredentialCheck c;
    c.problem = p;
    c.file = file;
    c.detail = std::string(file) + detail;
    return c;
}

}  // namespace

constexpr fw::EnumName<CredentialProblem> kCredentialProblemNames[] = {
    {CredentialProblem::None, "ok"},
    {CredentialProblem::Missing, "missing"},
    {CredentialProblem::Unparsable, "unparsable"},
    {CredentialProblem::KeyMismatch, "key does not match certificate"},
    {CredentialProblem::Expired, "expired"},
    {CredentialProblem::NotYetValid, "not yet valid"},
    {CredentialProblem::Sealed, "sealed by another chip"},
};

const char* name_of(CredentialProblem p) { return fw::name_in(kCredentialProblemNames, p); }

CredentialCheck load_credentials(const storage::CertFs& fs, hal::Efuse& efuse, int64_t now_unix_ms,
                                 IdentityFiles files) {
    DeviceCredentials c;
    for (auto [name, out] : {std::pair{files.cert, &c.cert_pem}, std::pair{kServerChainFile, &c.ca_pem}}) {
        auto text = read_text(fs, name);
        if (!text.ok()) return problem(CredentialProblem::Missing, name, std::string(": ") + name_of(text.err()));
        *out = text.value();
    }
    auto key = read_key_file(fs, efuse, files.key);
    if (!key.ok()) {
        if (key.err() == Err::VerifyFailed)
            return problem(CredentialProblem::Sealed, files.key,
                           " is sealed but does not open with this chip's eFuse secret");
        return problem(CredentialProblem::Missing, files.key, std::string(": ") + name_of(key.err()));
    }
    c.key_pem = std::move(key.value());
    net::X509Crt crt, ca;
    net::PkContext pk;
    CredentialCheck result;
    if (!parse_certs(*crt, c.cert_pem)) {
        result = problem(CredentialProblem::Unparsable, files.cert, ": not a PEM certificate");
    } else if (!parse_certs(*ca, c.ca_pem)) {
        result = problem(CredentialProblem::Unparsable, kServerChainFile, ": not a PEM certificate chain");
    } else if (mbedtls_pk_parse_key(pk.get(), reinterpret_cast<const unsigned char*>(c.key_pem.c_str()),
                                    c.key_pem.size() + 1, nullptr, 0, psa_rng_callback, nullptr) != 0) {
        result = problem(CredentialProblem::Unparsable, files.key, ": not a PEM private key");
    } else if (mbedtls_pk_check_pair(&crt->pk, pk.get(), psa_rng_callback, nullptr) != 0) {
        result = problem(CredentialProblem::KeyMismatch, files.key, std::string(" does not belong to ") + files.cert);
    } else {
        c.not_after_unix = x509_time_unix(crt->valid_to);
        uint32_t when = net::validity_flags(*crt, now_unix_ms);
        if ((when & MBEDTLS_X509_BADCERT_EXPIRED) != 0) {
            result = problem(CredentialProblem::Expired, files.cert, " expired");
        } else if ((when & MBEDTLS_X509_BADCERT_FUTURE) != 0) {
            result = problem(CredentialProblem::NotYetValid, files.cert, " is not valid yet");
        } else {
            c.common_name = x509_common_name(crt->subject);
            result.creds = std::move(c);
        }
    }
    return result;
}

}  // namespace fw::app
