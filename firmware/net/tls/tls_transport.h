#pragma once
// TLS 1.3 and 1.2 client (mbedtls 3.6) over hal::Net, non-blocking: the event loop calls
// poll_connect() until the handshake is done, then send()/recv(). Mutual TLS with an EC P-256 or
// RSA client certificate, server name check + SNI, optional ALPN, and session resumption on
// reconnect (TLS 1.3 tickets; TLS 1.2 tickets, or the session id when the server keeps a cache;
// a TLS 1.3 ticket arrives after the handshake and is stored by recv()). Validity periods of the
// server's chain are judged by the HAL's wall clock (x509_validity.h), not by mbedtls' own.
//
// Memory: configure() parses the credentials (or shares another transport's parsed set) and
// checks the settings; each connection sets up its own mbedtls context with its record buffers
// (kInContentBytes + kOutContentBytes plus record headers), and close() frees it, so an idle or
// waiting transport holds only the credentials and the cached session (~1 KiB with the server
// certificate, which this mbedtls build keeps). mbedtls frees its handshake state when a
// handshake completes.
// A plaintext send() taken while the socket is full stays in mbedtls until flushed: the caller
// keeps calling recv() (or send()) from the event loop, as it does anyway.
#include <mbedtls/ssl.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "firmware/net/tls/tls_alert_sniffer.h"
#include "firmware/net/tls/tls_credentials.h"
#include "firmware/net/tls/tls_version.h"
#include "firmware/net/transport.h"
#include "hal/clock.h"
#include "hal/net.h"
#include "hal/rng.h"

namespace fw::net {

struct TlsConfig {
    // Credentials parsed already, shared with the transport they come from (credentials()): one
    // parsed copy for every connection presenting the same identity. When set, the PEM fields
    // below are not read.
    std::shared_ptr<TlsCredentials> credentials;
    const char* ca_pem = nullptr;    // trusted CA certificate(s), PEM (required without credentials)
    const char* cert_pem = nullptr;  // client certificate (+ intermediates), PEM; nullptr: none
    const char* key_pem = nullptr;   // the client certificate's key (EC P-256 or RSA), PEM
    // Name the server certificate must carry, also sent as SNI; nullptr: the host given to
    // start_connect(). Set it when connecting by IP address (the check compares DNS names).
    const char* server_name = nullptr;
    const char* const* alpn = nullptr;      // nullptr-terminated protocol list, e.g. {"mqtt", nullptr}
    uint32_t connect_timeout_ms = 10000;    // TCP connect
    uint32_t handshake_timeout_ms = 10000;  // TLS handshake, from TCP established
    bool resume_sessions = true;            // offer the last session again on reconnect
    // Ask for a session ticket (RFC 5077, and TLS 1.3's); off, TLS 1.2 resumption relies on the
    // server's session-id cache and TLS 1.3 does not resume.
    bool session_tickets = true;
    // TLS 1.3 by default; 1.2 stays allowed for brokers that lack 1.3.
    TlsVersion tls_min = TlsVersion::Tls12;
    TlsVersion tls_max = TlsVersion::Tls13;
    // While the wall clock is unknown, a certificate that expired before this time (unix ms; the
    // running image's build time) is refused all the same (x509_validity.h); 0: no floor.
    int64_t time_floor_unix_ms = 0;
};

class TlsTransport final : public Transport {
public:
    // mbedtls' record buffers, fixed when the library is built (MBEDTLS_SSL_*_CONTENT_LEN).
    static constexpr size_t kInContentBytes = MBEDTLS_SSL_IN_CONTENT_LEN;
    static constexpr size_t kOutContentBytes = MBEDTLS_SSL_OUT_CONTENT_LEN;

    TlsTransport(hal::Net& net, hal::Clock& clock, hal::Rng& rng);
    ~TlsTransport() override;
    TlsTransport(const TlsTransport&) = delete;
    TlsTransport& operator=(const TlsTransport&) = delete;

    // Parses the credentials and sets up mbedtls; the config's strings need not outlive the
    // call. Closes any connection and forgets the cached session. InvalidArg (last_error()
    // BadConfig) when a certificate or key is unusable.
    Status configure(const TlsConfig& cfg);

    Status start_connect(const char* host, uint16_t port) override;
    Status poll_connect() override;
    // Takes up to one record (kOutContentBytes). A record the socket could not take whole is
    // kept by mbedtls and flushed by the next send() or recv() call.
    Status send(const uint8_t* data, size_t len, size_t& n) override;
    // Read until WouldBlock: mbedtls may hold decrypted bytes the socket no longer signals.
    Status recv(uint8_t* buf, size_t cap, size_t& n) override;
    // Sends close_notify (best effort) and closes the socket; the cached session is kept.
    void close() override;
    LinkError last_error() const override { return last_error_; }

    bool connected() const { return state_ == State::Connected; }
    // The last completed handshake resumed the cached session (no certificate exchange).
    bool resumed() const { return resumed_; }
    // A session is cached and will be offered by the next start_connect() to the same server.
    bool has_session() const { return has_session_; }
    void forget_session();
    // The parsed credentials in use (null before a successful configure()), for another transport
    // presenting the same identity (TlsConfig::credentials).
    std::shared_ptr<TlsCredentials> credentials() const { return creds_; }
    const char* tls_version() const;  // "TLSv1.3", "TLSv1.2"; "none" when not connected
    const char* ciphersuite() const;
    const char* alpn_protocol() const;  // nullptr if none was negotiated
    // Largest plaintext one send() can take on this connection (<= kOutContentBytes).
    size_t max_record_payload() const;

private:
    enum class State : uint8_t { Unconfigured, Idle, TcpConnecting, Handshaking, Connected, Failed };

    static int bio_send(void* ctx, const unsigned char* buf, size_t len);
    static int bio_recv(void* ctx, unsigned char* buf, size_t len);
    static int on_verify(void* ctx, mbedtls_x509_crt* crt, int depth, uint32_t* flags);

    void free_mbedtls();
    void free_context();  // the connection's context, record buffers included
    Status poll_tcp();
    Status poll_handshake();
    void handshake_done();
    void keep_session();
    Status flush_pending();
    template <class Call>
    int past_tickets(Call call);  // `call` (an mbedtls read or write) again after each TLS 1.3 ticket
    int write_record(const uint8_t* data, size_t len);  // mbedtls_ssl_write, past session tickets
    Status fail(LinkError e, const char* detail);
    Status fail_tls(int ret);
    int unread_alert();
    void drop_socket();
    uint64_t elapsed_ms() const;

    hal::Net& net_;
    hal::Clock& clock_;
    hal::Rng& rng_;

    std::shared_ptr<TlsCredentials> creds_;  // parsed by configure(), or shared with another transport
    TlsAlertSniffer alerts_;                 // the server's stream, for the type of a fatal alert
    mbedtls_ssl_config conf_;
    mbedtls_ssl_context ssl_;
    mbedtls_ssl_session session_;  // from the last good handshake, offered on reconnect
    std::string server_name_;
    std::vector<std::string> alpn_names_;
    std::vector<const char*> alpn_list_;  // mbedtls keeps this pointer
    uint32_t connect_timeout_ms_ = 0;
    uint32_t handshake_timeout_ms_ = 0;
    bool resume_sessions_ = true;

    State state_ = State::Unconfigured;
    hal::Socket sock_ = hal::kNoSocket;
    std::string host_;
    uint16_t port_ = 0;
    std::string session_peer_;  // "name@host:port" the cached session belongs to
    uint64_t phase_start_ms_ = 0;
    hal::Status io_status_ = hal::Status::Ok;  // last hal::Net failure seen by the bio callbacks
    LinkError last_error_ = LinkError::None;
    bool has_session_ = false;
    bool offered_session_ = false;
    bool saw_server_cert_ = false;
    int64_t time_floor_ms_ = 0;  // TlsConfig::time_floor_unix_ms
    bool resumed_ = false;
    bool pending_write_ = false;  // a record send() took is not fully on the wire yet
    bool got_data_ = false;       // application data arrived on this connection
};

}  // namespace fw::net
