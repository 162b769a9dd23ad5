#pragma once
// A blocking mbedtls TLS client with nothing of the firmware around it: the anchors' client.
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>

#include <cstddef>
#include <cstdint>

#include "bench_common.h"

namespace bench {

class PlainTls {
public:
    // Parses the identity's credentials once (dies if they are unusable).
    PlainTls(const Target& t, const Identity& id);
    ~PlainTls();
    PlainTls(const PlainTls&) = delete;
    PlainTls& operator=(const PlainTls&) = delete;

    // TCP connect (TCP_NODELAY) and handshake, offering the last session when `resume`. Dies on
    // failure.
    void connect(bool resume);
    // TLS 1.3: reads the session ticket the server sends after the handshake and keeps it for the
    // next resumed connect (dies if none comes); TLS 1.2 has its session from the handshake.
    void take_ticket();
    // close_notify and close; keeps the session for the next resumed connect.
    void close();
    bool resumed() const { return resumed_; }
    const char* version() const { return mbedtls_ssl_get_version(&ssl_); }

    void write_all(const uint8_t* data, size_t len);
    // Reads until `len` bytes arrived.
    void read_exact(uint8_t* out, size_t len);

private:
    static int on_verify(void* self, mbedtls_x509_crt* crt, int depth, uint32_t* flags);
    void keep_session();

    const Target& target_;
    mbedtls_entropy_context entropy_;
    mbedtls_ctr_drbg_context drbg_;
    mbedtls_x509_crt ca_, cert_;
    mbedtls_pk_context key_;
    mbedtls_ssl_config conf_;
    mbedtls_ssl_context ssl_;
    mbedtls_ssl_session session_;
    mbedtls_net_context net_;
    bool has_session_ = false;
    bool resumed_ = false;
    bool saw_cert_ = false;
};

}  // namespace bench
