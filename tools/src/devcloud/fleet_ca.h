#pragma once
// The fleet CA: signs the certificate requests of enrolling devices with the intermediate CA
// (the key never leaves the device: it sends a CSR) and checks the certificates devices present.
#include <cstdint>
#include <memory>
#include <string>
#include <variant>

namespace devcloud {

struct IssuedCert {
    std::string chain_pem;       // leaf + issuer's chain (the intermediate)
    std::string certificate_id;  // SHA-256 hex of the leaf DER
    std::string common_name;
};

// Why a CSR or certificate was refused. `code` is one of the kCa* values, for callers that map
// it to a platform's error; `message` is for people.
struct CaError {
    std::string code;
    std::string message;
};

inline constexpr const char* kCaUnparsable = "unparsable";       // not a CSR / certificate in PEM
inline constexpr const char* kCaBadSignature = "bad_signature";  // CSR not signed by its own key
inline constexpr const char* kCaUnsupportedKey = "unsupported_key";
inline constexpr const char* kCaBadName = "bad_name";     // CN missing or not a device id
inline constexpr const char* kCaUntrusted = "untrusted";  // does not chain to the trust anchors
inline constexpr const char* kCaExpired = "expired";
inline constexpr const char* kCaNotYetValid = "not_yet_valid";
inline constexpr const char* kCaWrongUsage = "wrong_usage";  // not for TLS client authentication
inline constexpr const char* kCaInvalid = "invalid";         // any other verification failure
inline constexpr const char* kCaSigningFailed = "signing_failed";

class FleetCa {
public:
    // issuer_cert/key: the intermediate CA's certificate and key (PEM files); trust_file: the root
    // CA(s) device certificates must chain to. Throws std::runtime_error naming the file on a load
    // failure (and when the key does not belong to the certificate).
    FleetCa(const std::string& issuer_cert_file, const std::string& issuer_key_file, const std::string& trust_file,
            int validity_days = 365);
    ~FleetCa();
    FleetCa(const FleetCa&) = delete;
    FleetCa& operator=(const FleetCa&) = delete;

    // Checks: parses as a PKCS#10 PEM, its signature verifies with its own key (proof of
    // possession), key is EC P-256 or RSA >= 2048, subject CN is a valid device id. Issues a
    // certificate: random 16-byte serial, subject "CN=<cn>", issuer = the intermediate's subject,
    // validity now-60 s .. +validity_days, CA:false, digitalSignature, clientAuth, SHA-256 signed
    // by the intermediate key, subject and authority key identifiers.
    std::variant<IssuedCert, CaError> sign_csr(const std::string& csr_pem, int64_t now_unix_s);

    // Checks a device certificate (PEM; leaf first, optional intermediates after) against the
    // trust anchors: parses, chains (the intermediate of this CA is known even if the PEM holds
    // only the leaf), is inside its validity period at now_unix_s, and extendedKeyUsage allows
    // clientAuth if present. Returns the leaf's CN.
    std::variant<std::string, CaError> verify(const std::string& cert_pem, int64_t now_unix_s) const;

    // SHA-256 hex of the leaf DER, "" if unparsable.
    static std::string fingerprint(const std::string& cert_pem);

    // The intermediate's certificate (PEM), as appended to issued chains.
    const std::string& issuer_pem() const;

private:
    struct State;
    std::unique_ptr<State> st_;
    int validity_days_;
};

}  // namespace devcloud
