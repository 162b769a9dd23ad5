#pragma once
// mbedtls' server side for one test server: its certificate chain and key, the CA its clients'
// certificates must chain to (mutual TLS, as the brokers the device meets require), an RNG and
// the ssl configuration over them. The test HTTPS file server and the device tests' in-loop
// broker both serve from one.
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/pk.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>

#include <string>

namespace testsupport {

struct TlsServerContext {
    // System: the RNG is seeded from mbedtls' entropy sources. Deterministic: from a counter, for
    // a server whose handshakes must draw nothing from the host (the device tests run in
    // simulated time; their TLS protects nothing).
    enum class Seed { System, Deterministic };

    mbedtls_entropy_context entropy;
    mbedtls_ctr_drbg_context drbg;
    mbedtls_x509_crt chain, ca;
    mbedtls_pk_context key;
    mbedtls_ssl_config conf;

    TlsServerContext();
    ~TlsServerContext();
    TlsServerContext(const TlsServerContext&) = delete;
    TlsServerContext& operator=(const TlsServerContext&) = delete;

    // PEM files. False when one does not load or the configuration refuses them.
    bool load(const std::string& chain_file, const std::string& key_file, const std::string& ca_file,
              Seed seed = Seed::System);
};

}  // namespace testsupport
