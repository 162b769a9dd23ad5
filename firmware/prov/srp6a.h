#pragma once
// SRP-6a (RFC 5054's formulas) over a group and hash given as parameters, with the exact byte
// conventions of ESP-IDF's protocomm security 2 (esp_srp.c, esp_prov's srp6a.py):
//   k  = H(N | PAD(g))                  x = H(s | H(I | ":" | P))       v = g^x mod N
//   A  = g^a mod N                      B = (k*v + g^b) mod N            u = H(PAD(A) | PAD(B))
//   S  = (A * v^u)^b mod N  (server)  = (B - k*g^x)^(a + u*x) mod N  (client)
//   K  = H(S)                           M = H(H(N) xor H(PAD(g)) | H(I) | s | A | B | K)
//   H(A | M | K) is the server's proof.
// Every number travels big-endian without leading zero bytes, as mbedtls_mpi_write_binary of the
// exact size and Python's long_to_bytes write it; PAD() left-pads to the length of N. s, A and B
// are hashed as the bytes sent on the wire.
#include <mbedtls/md.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "firmware/core/result.h"

namespace fw::prov {

using Bytes = std::vector<uint8_t>;

struct SrpGroup {
    const char* n_hex;  // the safe prime N, big-endian hex
    uint8_t g;
};

struct SrpSuite {
    const SrpGroup& group;
    mbedtls_md_type_t md;
};

// RFC 5054 appendix A groups: 1024-bit (g = 2; the appendix B vectors) and 3072-bit (g = 5).
const SrpGroup& srp_group_1024();
const SrpGroup& srp_group_3072();
// Security 2: the 3072-bit group with SHA-512.
const SrpSuite& srp_suite_sec2();

// The length of N in bytes (PAD()'s width, the longest public value).
size_t srp_n_len(const SrpGroup& group);
// A hash of the concatenated parts.
Bytes srp_hash(const SrpSuite& suite, std::initializer_list<const Bytes*> parts);

Result<Bytes> srp_k(const SrpSuite& suite);
Bytes srp_x(const SrpSuite& suite, const Bytes& salt, const std::string& user, const std::string& pass);
Result<Bytes> srp_verifier(const SrpSuite& suite, const Bytes& salt, const std::string& user, const std::string& pass);
// g^e mod N: A from a (and, with e = x, the verifier).
Result<Bytes> srp_public_a(const SrpSuite& suite, const Bytes& a);
Result<Bytes> srp_public_b(const SrpSuite& suite, const Bytes& v, const Bytes& b);
// u; VerifyFailed when it is 0 (RFC 5054 2.5.4: abort).
Result<Bytes> srp_u(const SrpSuite& suite, const Bytes& A, const Bytes& B);
// The premaster secret S. VerifyFailed for a peer value that is 0 mod N (A on the server, B on
// the client), which would make S a known value.
Result<Bytes> srp_server_secret(const SrpSuite& suite, const Bytes& A, const Bytes& v, const Bytes& u, const Bytes& b);
Result<Bytes> srp_client_secret(const SrpSuite& suite, const Bytes& B, const Bytes& x, const Bytes& a, const Bytes& u);
Bytes srp_client_proof(const SrpSuite& suite, const std::string& user, const Bytes& salt, const Bytes& A,
                       const Bytes& B, const Bytes& K);
Bytes srp_server_proof(const SrpSuite& suite, const Bytes& A, const Bytes& M, const Bytes& K);

}  // namespace fw::prov
