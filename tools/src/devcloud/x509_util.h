#pragma once
// Small mbedtls X.509 helpers shared by the CA's signing and checking: owned contexts that free
// themselves, names, times and error text.
#include <mbedtls/pk.h>
#include <mbedtls/x509_crt.h>
#include <mbedtls/x509_csr.h>

#include <cstdint>
#include <optional>
#include <string>

namespace devcloud {

// An mbedtls context with its init/free pair, freed on every return path.
template <class T, void (*Init)(T*), void (*Free)(T*)>
class Owned {
public:
    Owned() { Init(&v_); }
    ~Owned() { Free(&v_); }
    Owned(const Owned&) = delete;
    Owned& operator=(const Owned&) = delete;
    T* get() { return &v_; }
    const T* get() const { return &v_; }
    T* operator->() { return &v_; }
    const T* operator->() const { return &v_; }

private:
    T v_;
};

using Crt = Owned<mbedtls_x509_crt, mbedtls_x509_crt_init, mbedtls_x509_crt_free>;
using Csr = Owned<mbedtls_x509_csr, mbedtls_x509_csr_init, mbedtls_x509_csr_free>;
using PkKey = Owned<mbedtls_pk_context, mbedtls_pk_init, mbedtls_pk_free>;

std::string mbedtls_error(int rc);

// The subject's CN when there is exactly one.
std::optional<std::string> common_name(const mbedtls_x509_name* name);

// "O=..., CN=..." for messages.
std::string dn_text(const mbedtls_x509_name* name);

// Parses PEM text (NUL added here, as mbedtls wants); the mbedtls return code.
int parse_pem_certs(mbedtls_x509_crt* chain, const std::string& pem);

}  // namespace devcloud
