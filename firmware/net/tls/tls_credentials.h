#pragma once
// The trust anchors and the client identity of a TLS client, parsed once from PEM and kept for
// every reconnect: parsing a chain and an RSA key costs more than a resumed handshake. One parsed
// set is shared by every transport presenting the same identity (the device's MQTT and HTTPS
// connections): it costs a few KiB of heap per copy.
#include <atomic>
#include <cstdint>

#include "firmware/core/result.h"
#include "firmware/net/tls/x509_contexts.h"
#include "hal/rng.h"

namespace fw::net {

class TlsCredentials {
public:
    // PEM text, NUL-terminated. `ca_pem` may hold several certificates. `cert_pem` is the client
    // certificate, optionally followed by its intermediates (sent in that order); nullptr for
    // no client certificate, else `key_pem` (EC or RSA, unencrypted) must be its key.
    // InvalidArg, with the reason logged and nothing kept, when anything does not parse or the
    // key does not match the certificate. `rng` blinds the private-key operations of the check.
    Status load(const char* ca_pem, const char* cert_pem, const char* key_pem, hal::Rng& rng);
    void clear();

    bool has_client_cert() const { return has_client_cert_; }
    mbedtls_x509_crt* ca() { return ca_.get(); }
    mbedtls_x509_crt* cert() { return cert_.get(); }
    mbedtls_pk_context* key() { return key_.get(); }

    // Sets parsed successfully in this process so far: the memory accounting's witness that
    // transports sharing an identity share one parse.
    static uint32_t sets_parsed() { return sets_parsed_.load(); }

private:
    Status parse(const char* ca_pem, const char* cert_pem, const char* key_pem, hal::Rng& rng);

    X509Crt ca_;
    X509Crt cert_;
    PkContext key_;
    bool has_client_cert_ = false;
    static std::atomic<uint32_t> sets_parsed_;
};

}  // namespace fw::net
