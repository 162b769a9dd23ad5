#include "plain_tls.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cstdio>
#include <string>

#include <psa/crypto.h>

namespace bench {
namespace {

const unsigned char* text(const std::string& s) { return reinterpret_cast<const unsigned char*>(s.c_str()); }

[[noreturn]] void fail(const char* what, int ret) {
    char code[16];
    std::snprintf(code, sizeof code, "-0x%04x", static_cast<unsigned>(-ret));
    die(std::string("plain mbedtls: ") + what + " failed: " + code);
}

void check(int ret, const char* what) {
    if (ret != 0) fail(what, ret);
}

// mbedtls 3.6 answers WANT_READ, even on a blocking socket, after a record that carried no
// application data (a TLS 1.3 session ticket among them).
bool no_data_yet(int ret) {
    return ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET;
}

}  // namespace

PlainTls::PlainTls(const Target& t, const Identity& id) : target_(t) {
    if (psa_crypto_init() != PSA_SUCCESS) die("plain mbedtls: psa_crypto_init failed");
    mbedtls_entropy_init(&entropy_);
    mbedtls_ctr_drbg_init(&drbg_);
    mbedtls_x509_crt_init(&ca_);
    mbedtls_x509_crt_init(&cert_);
    mbedtls_pk_init(&key_);
    mbedtls_ssl_config_init(&conf_);
    mbedtls_ssl_init(&ssl_);
    mbedtls_ssl_session_init(&session_);
    mbedtls_net_init(&net_);
    check(mbedtls_ctr_drbg_seed(&drbg_, mbedtls_entropy_func, &entropy_, nullptr, 0), "DRBG seed");
    check(mbedtls_x509_crt_parse(&ca_, text(id.pem.ca), id.pem.ca.size() + 1), "CA parse");
    check(mbedtls_x509_crt_parse(&cert_, text(id.pem.chain), id.pem.chain.size() + 1), "certificate parse");
    check(mbedtls_pk_parse_key(&key_, text(id.pem.key), id.pem.key.size() + 1, nullptr, 0, mbedtls_ctr_drbg_random,
                               &drbg_),
          "key parse");
    check(mbedtls_ssl_config_defaults(&conf_, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
                                      MBEDTLS_SSL_PRESET_DEFAULT),
          "config");
    mbedtls_ssl_conf_authmode(&conf_, MBEDTLS_SSL_VERIFY_REQUIRED);
    mbedtls_ssl_conf_ca_chain(&conf_, &ca_, nullptr);
    mbedtls_ssl_conf_rng(&conf_, mbedtls_ctr_drbg_random, &drbg_);
    mbedtls_ssl_conf_verify(&conf_, on_verify, this);
    check(mbedtls_ssl_conf_own_cert(&conf_, &cert_, &key_), "own cert");
    // mbedtls 3.6 drops TLS 1.3 tickets silently unless asked to hand them over (take_ticket()).
    mbedtls_ssl_conf_tls13_enable_signal_new_session_tickets(&conf_,
                                                             MBEDTLS_SSL_TLS1_3_SIGNAL_NEW_SESSION_TICKETS_ENABLED);
    check(mbedtls_ssl_setup(&ssl_, &conf_), "setup");
}

PlainTls::~PlainTls() {
    close();
    mbedtls_ssl_session_free(&session_);
    mbedtls_ssl_free(&ssl_);
    mbedtls_ssl_config_free(&conf_);
    mbedtls_pk_free(&key_);
    mbedtls_x509_crt_free(&cert_);
    mbedtls_x509_crt_free(&ca_);
    mbedtls_ctr_drbg_free(&drbg_);
    mbedtls_entropy_free(&entropy_);
}

int PlainTls::on_verify(void* self, mbedtls_x509_crt*, int, uint32_t*) {
    static_cast<PlainTls*>(self)->saw_cert_ = true;
    return 0;
}

void PlainTls::connect(bool resume) {
    check(mbedtls_ssl_session_reset(&ssl_), "session reset");
    check(mbedtls_ssl_set_hostname(&ssl_, target_.server_name.c_str()), "hostname");
    if (resume && has_session_) check(mbedtls_ssl_set_session(&ssl_, &session_), "set session");
    saw_cert_ = false;
    const std::string port = std::to_string(target_.port);
    check(mbedtls_net_connect(&net_, target_.host.c_str(), port.c_str(), MBEDTLS_NET_PROTO_TCP), "TCP connect");
    int one = 1;
    setsockopt(net_.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    mbedtls_ssl_set_bio(&ssl_, &net_, mbedtls_net_send, mbedtls_net_recv, nullptr);
    check(mbedtls_ssl_handshake(&ssl_), "handshake");
    // TLS 1.2: the session in the ticket or id the server just gave, for the next resumed connect.
    // A TLS 1.3 ticket comes after the handshake (take_ticket()).
    if (mbedtls_ssl_get_version_number(&ssl_) == MBEDTLS_SSL_VERSION_TLS1_2) keep_session();
    resumed_ = !saw_cert_;  // a resumed handshake carries no Certificate message to verify
}

void PlainTls::take_ticket() {
    if (mbedtls_ssl_get_version_number(&ssl_) != MBEDTLS_SSL_VERSION_TLS1_3) return;
    unsigned char byte;
    int ret;
    do {
        ret = mbedtls_ssl_read(&ssl_, &byte, 1);
    } while (ret == MBEDTLS_ERR_SSL_WANT_READ);
    if (ret != MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET) fail("reading the session ticket", ret);
    keep_session();
}

void PlainTls::keep_session() {
    mbedtls_ssl_session_free(&session_);
    mbedtls_ssl_session_init(&session_);
    has_session_ = mbedtls_ssl_get_session(&ssl_, &session_) == 0;
}

void PlainTls::close() {
    if (net_.fd < 0) return;
    (void)mbedtls_ssl_close_notify(&ssl_);
    mbedtls_net_free(&net_);
}

void PlainTls::write_all(const uint8_t* data, size_t len) {
    while (len > 0) {
        int n = mbedtls_ssl_write(&ssl_, data, len);
        if (no_data_yet(n)) continue;
        if (n <= 0) fail("write", n);
        data += n;
        len -= static_cast<size_t>(n);
    }
}

void PlainTls::read_exact(uint8_t* out, size_t len) {
    while (len > 0) {
        int n = mbedtls_ssl_read(&ssl_, out, len);
        if (no_data_yet(n)) continue;
        if (n <= 0) fail("read", n);
        out += n;
        len -= static_cast<size_t>(n);
    }
}

}  // namespace bench
