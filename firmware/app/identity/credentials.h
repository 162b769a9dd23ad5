#pragma once
// A TLS identity from the cert store: a certificate, its key and the CA the broker must chain to
// (server_chain.pem). The device's own (device.crt, device.key) or the fleet's claim identity
// used to enroll (claim.crt, claim.key). Checked before any connection attempt (present,
// parses, key matches certificate, inside its validity period) so that a bad certificate is a
// clear state, not a TLS failure loop.
#include <cstdint>
#include <string>

#include "firmware/app/identity/cert_files.h"
#include "firmware/app/identity/secret_text.h"
#include "firmware/core/result.h"
#include "firmware/storage/certfs.h"
#include "hal/efuse.h"

namespace fw::app {

enum class CredentialProblem : uint8_t { None, Missing, Unparsable, KeyMismatch, Expired, NotYetValid, Sealed };
const char* name_of(CredentialProblem p);

struct IdentityFiles {
    const char* cert;
    const char* key;
};
constexpr IdentityFiles kDeviceIdentity{kDeviceCertFile, kDeviceKeyFile};
constexpr IdentityFiles kClaimIdentity{kClaimCertFile, kClaimKeyFile};

struct DeviceCredentials {
    std::string cert_pem, ca_pem;
    SecretText key_pem;       // wiped when the credentials go, once TLS has parsed it
    std::string common_name;  // subject CN of the certificate
    int64_t not_after_unix = 0;
};

struct CredentialCheck {
    CredentialProblem problem = CredentialProblem::None;
    const char* file = nullptr;  // the file that has the problem
    std::string detail;          // names the file and what is wrong
    DeviceCredentials creds;
    bool ok() const { return problem == CredentialProblem::None; }
};

// `now_unix_ms` <= 0 (wall clock unknown) skips the validity-period check. A sealed key is opened
// with the eFuse secret (Sealed: it does not open on this chip).
CredentialCheck load_credentials(const storage::CertFs& fs, hal::Efuse& efuse, int64_t now_unix_ms,
                                 IdentityFiles files = kDeviceIdentity);

}  // namespace fw::app
