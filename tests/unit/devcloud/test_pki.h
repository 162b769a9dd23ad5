#pragma once
// What the devcloud tests share: one tools/pki PKI per test program ("dev-1", "dev-2" valid,
// "dev-old" expired, "dev-rsa" RSA-2048, "dev-root" signed by the root, "rogue" from an unrelated
// CA), a FleetCa over it, and CSRs made with mbedtls.
#include <cstdint>
#include <string>

#include "support/pki.h"
#include "tools/src/devcloud/fleet_ca.h"

namespace devcloud_test {

const testsupport::Pki& pki();
std::string file_text(const std::string& path);

// A FleetCa issuing from the PKI's intermediate, trusting its root.
devcloud::FleetCa make_ca();

int64_t now_s();  // the wall clock: the PKI's certificates are valid around it

enum class KeyKind { EcP256, EcP384, Rsa1024 };

// A PEM CSR for `subject` (mbedtls syntax: "CN=dev-1,O=acme") with a fresh key of `kind`; the
// key's PEM goes to `key_pem` when given.
std::string make_csr(const std::string& subject, KeyKind kind = KeyKind::EcP256, std::string* key_pem = nullptr);
// A PEM CSR signed with the key in `key_pem`.
std::string make_csr_with_key(const std::string& subject, const std::string& key_pem);
// The CSR with the last byte of its signature changed.
std::string break_signature(const std::string& csr_pem);

// The leaf of a PEM chain (the first certificate, as PEM).
std::string leaf_of(const std::string& chain_pem);

}  // namespace devcloud_test
