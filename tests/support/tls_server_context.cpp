#include "support/tls_server_context.h"

#include <psa/crypto.h>

#include <cstdint>

namespace testsupport {
namespace {

int counter_entropy(void*, unsigned char* out, size_t len) {
    static uint8_t counter = 0;
    for (size_t i = 0; i < len; ++i) out[i] = ++counter;
    return 0;
}

}  // namespace

TlsServerContext::TlsServerContext() {
    mbedtls_entropy_init(&entropy);
    mbedtls_ctr_drbg_init(&drbg);
    mbedtls_x509_crt_init(&chain);
    mbedtls_x509_crt_init(&ca);
    mbedtls_pk_init(&key);
    mbedtls_ssl_config_init(&conf);
}

TlsServerContext::~TlsServerContext() {
    mbedtls_ssl_config_free(&conf);
    mbedtls_pk_free(&key);
    mbedtls_x509_crt_free(&ca);
    mbedtls_x509_crt_free(&chain);
    mbedtls_ctr_drbg_free(&drbg);
    mbedtls_entropy_free(&entropy);
}

bool TlsServerContext::load(const std::string& chain_file, const std::string& key_file, const std::string& ca_file,
                            Seed seed) {
    // A TLS 1.3 handshake runs on PSA Crypto, which the process starts once.
    if (psa_crypto_init() != PSA_SUCCESS) return false;
    int seeded = seed == Seed::System ? mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy, nullptr, 0)
                                      : mbedtls_ctr_drbg_seed(&drbg, counter_entropy, nullptr, nullptr, 0);
    if (seeded != 0) return false;
    if (mbedtls_x509_crt_parse_file(&chain, chain_file.c_str()) != 0) return false;
    if (mbedtls_x509_crt_parse_file(&ca, ca_file.c_str()) != 0) return false;
    if (mbedtls_pk_parse_keyfile(&key, key_file.c_str(), nullptr, mbedtls_ctr_drbg_random, &drbg) != 0) return false;
    if (mbedtls_ssl_config_defaults(&conf, MBEDTLS_SSL_IS_SERVER, MBEDTLS_SSL_TRANSPORT_STREAM,
                                    MBEDTLS_SSL_PRESET_DEFAULT) != 0)
        return false;
    mbedtls_ssl_conf_rng(&conf, mbedtls_ctr_drbg_random, &drbg);
    mbedtls_ssl_conf_ca_chain(&conf, &ca, nullptr);
    mbedtls_ssl_conf_authmode(&conf, MBEDTLS_SSL_VERIFY_REQUIRED);
    return mbedtls_ssl_conf_own_cert(&conf, &chain, &key) == 0;
}

}  // namespace testsupport
