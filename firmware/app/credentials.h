#pragma once
// The device's TLS identity from the cert store: device.crt, device.key, server_chain.pem.
// Checked before any connection attempt (present, parses, key matches certificate, inside its
// validity period) so that a bad certificate is a clear state, not a TLS failure loop.
#include <cstdint>
#include <string>

#include "firmware/core/result.h"
#include "firmware/storage/certfs.h"

namespace fw::app {

constexpr const char* kDeviceCertFile = "device.crt";
constexpr const char* kDeviceKeyFile = "device.key";
constexpr const char* kServerChainFile = "server_chain.pem";

enum class CredentialProblem : uint8_t { None, Missing, Unparsable, KeyMismatch, Expired, NotYetValid };
const char* credential_problem_name(CredentialProblem p);

struct DeviceCredentials {
    std::string cert_pem, key_pem, ca_pem;
    std::string common_name;    // subject CN of device.crt
    int64_t not_after_unix = 0;
};

struct CredentialCheck {
    CredentialProblem problem = CredentialProblem::None;
    std::string detail;  // names the file and what is wrong
    DeviceCredentials creds;
    bool ok() const { return problem == CredentialProblem::None; }
};

// `now_unix_ms` <= 0 (wall clock unknown) skips the validity-period check.
CredentialCheck load_credentials(const storage::CertFs& fs, int64_t now_unix_ms);

}  // namespace fw::app
