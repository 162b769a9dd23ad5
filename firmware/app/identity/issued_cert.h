#pragma once
// The check a certificate an enrollment service sent must pass before the device stores it:
// it holds this device's public key (else it was meant for another device: on a shared broker
// every claim connection sees every answer), names this device (CN), chains to the fleet CA the
// device trusts, is inside its validity period and may authenticate a TLS client.
#include <cstdint>
#include <string>

namespace fw::app {

enum class IssuedCertVerdict : uint8_t {
    Ok,
    OtherDevice,  // not our public key: someone else's answer, ignore it
    Unparsable,
    WrongName,  // our key, another CN
    Untrusted,  // does not chain to the CA
    Expired,    // the certificate, or a CA certificate of its chain
    NotYetValid,
    NotClientCert,
};

struct IssuedCertCheck {
    IssuedCertVerdict verdict = IssuedCertVerdict::Unparsable;
    std::string detail;  // what is wrong, for the log and the error report
    bool ok() const { return verdict == IssuedCertVerdict::Ok; }
};

// `chain_pem`: the certificate, optionally followed by its intermediates. Every certificate of
// the chain up to the CA must be inside its validity period at `now_unix_ms`; <= 0 (wall clock
// unknown) skips the validity-period checks (net/x509_validity.h says why).
IssuedCertCheck check_issued_cert(const std::string& chain_pem, const std::string& ca_pem, const std::string& key_pem,
                                  const std::string& device_id, int64_t now_unix_ms);

}  // namespace fw::app
