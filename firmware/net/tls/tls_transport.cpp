#include "firmware/net/tls/tls_transport.h"

#include <mbedtls/error.h>
#include <mbedtls/net_sockets.h>  // MBEDTLS_ERR_NET_* for the bio callbacks

#include <climits>
#include <cstdio>

#include "firmware/core/crypto_init.h"
#include "firmware/core/log.h"
#include "firmware/core/rng_callback.h"
#include "firmware/net/tls/internal/tls_errors.h"
#include "firmware/net/tls/x509_validity.h"

namespace fw::net {
namespace {

constexpr const char* kTag = "tls";

mbedtls_ssl_protocol_version to_mbedtls(TlsVersion v) {
    return v == TlsVersion::Tls13 ? MBEDTLS_SSL_VERSION_TLS1_3 : MBEDTLS_SSL_VERSION_TLS1_2;
}

// A cached session is worthless after the peer proved it no longer accepts us or we no longer
// trust it; after a network failure or a timeout it is still good for the next try.
bool invalidates_session(LinkError e) {
    switch (e) {
        case LinkError::CertExpired:
        case LinkError::CertUntrusted:
        case LinkError::HostnameMismatch:
        case LinkError::PeerRejectedCert:
        case LinkError::TlsError: return true;
        default: return false;
    }
}

}  // namespace

TlsTransport::TlsTransport(hal::Net& net, hal::Clock& clock, hal::Rng& rng) : net_(net), clock_(clock), rng_(rng) {
    mbedtls_ssl_config_init(&conf_);
    mbedtls_ssl_init(&ssl_);
    mbedtls_ssl_session_init(&session_);
}

TlsTransport::~TlsTransport() {
    close();
    free_mbedtls();
}

void TlsTransport::free_mbedtls() {
    free_context();
    mbedtls_ssl_config_free(&conf_);
    creds_.reset();
    mbedtls_ssl_config_init(&conf_);
    forget_session();
}

void TlsTransport::forget_session() {
    mbedtls_ssl_session_free(&session_);
    mbedtls_ssl_session_init(&session_);
    has_session_ = false;
    session_peer_.clear();
}

Status TlsTransport::configure(const TlsConfig& cfg) {
    close();
    free_mbedtls();
    state_ = State::Unconfigured;
    last_error_ = LinkError::BadConfig;
    if (cfg.credentials) {
        creds_ = cfg.credentials;
    } else {
        auto parsed = std::make_shared<TlsCredentials>();
        FW_TRY(parsed->load(cfg.ca_pem, cfg.cert_pem, cfg.key_pem, rng_));
        creds_ = std::move(parsed);
    }
    server_name_ = cfg.server_name != nullptr ? cfg.server_name : "";
    alpn_names_.clear();
    alpn_list_.clear();
    for (const char* const* p = cfg.alpn; p != nullptr && *p != nullptr; ++p) alpn_names_.emplace_back(*p);
    for (const auto& name : alpn_names_) alpn_list_.push_back(name.c_str());
    alpn_list_.push_back(nullptr);
    connect_timeout_ms_ = cfg.connect_timeout_ms;
    handshake_timeout_ms_ = cfg.handshake_timeout_ms;
    resume_sessions_ = cfg.resume_sessions;
    time_floor_ms_ = cfg.time_floor_unix_ms;
    const bool tickets = cfg.resume_sessions && cfg.session_tickets;

    if (cfg.tls_min > cfg.tls_max) {
        FW_LOGE(kTag, "bad TLS config: tls_min %s above tls_max %s", tls_version_name(cfg.tls_min),
                tls_version_name(cfg.tls_max));
        return Err::InvalidArg;
    }
    if (!crypto_init().ok()) {
        FW_LOGE(kTag, "PSA crypto init failed");
        return Err::NoMem;
    }
    int ret = mbedtls_ssl_config_defaults(&conf_, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
                                          MBEDTLS_SSL_PRESET_DEFAULT);
    mbedtls_ssl_conf_min_tls_version(&conf_, to_mbedtls(cfg.tls_min));
    mbedtls_ssl_conf_max_tls_version(&conf_, to_mbedtls(cfg.tls_max));
    mbedtls_ssl_conf_authmode(&conf_, MBEDTLS_SSL_VERIFY_REQUIRED);
    mbedtls_ssl_conf_ca_chain(&conf_, creds_->ca(), nullptr);
    mbedtls_ssl_conf_rng(&conf_, rng_callback, &rng_);
    mbedtls_ssl_conf_verify(&conf_, on_verify, this);
    mbedtls_ssl_conf_session_tickets(
        &conf_, tickets ? MBEDTLS_SSL_SESSION_TICKETS_ENABLED : MBEDTLS_SSL_SESSION_TICKETS_DISABLED);
    // A TLS 1.3 ticket arrives after the handshake; mbedtls 3.6 drops it unless asked to hand it
    // over (recv() then stores it as the session to resume).
    mbedtls_ssl_conf_tls13_enable_signal_new_session_tickets(
        &conf_, tickets ? MBEDTLS_SSL_TLS1_3_SIGNAL_NEW_SESSION_TICKETS_ENABLED
                        : MBEDTLS_SSL_TLS1_3_SIGNAL_NEW_SESSION_TICKETS_DISABLED);
    if (ret == 0 && creds_->has_client_cert()) ret = mbedtls_ssl_conf_own_cert(&conf_, creds_->cert(), creds_->key());
    if (ret == 0 && !alpn_names_.empty()) ret = mbedtls_ssl_conf_alpn_protocols(&conf_, alpn_list_.data());
    if (ret == 0) ret = mbedtls_ssl_setup(&ssl_, &conf_);
    if (ret != 0) {
        char text[96];
        mbedtls_strerror(ret, text, sizeof text);
        FW_LOGE(kTag, "bad TLS config: mbedtls setup failed: %s (-0x%04x)", text, static_cast<unsigned>(-ret));
        free_mbedtls();
        return ret == MBEDTLS_ERR_SSL_ALLOC_FAILED ? Err::NoMem : Err::InvalidArg;
    }
    free_context();  // set up once to check the configuration; connections set up their own
    last_error_ = LinkError::None;
    state_ = State::Idle;
    FW_LOGD(kTag, "configured: TLS %s..%s, client cert %s, record buffers in %zu + out %zu bytes",
            tls_version_name(cfg.tls_min), tls_version_name(cfg.tls_max), creds_->has_client_cert() ? "yes" : "no",
            kInContentBytes, kOutContentBytes);
    return ok_status();
}

Status TlsTransport::start_connect(const char* host, uint16_t port) {
    if (state_ == State::Unconfigured) {
        FW_LOGE(kTag, "connect to %s:%u before a successful configure()", host, port);
        last_error_ = LinkError::BadConfig;
        return Err::BadState;
    }
    close();
    host_ = host;
    port_ = port;
    last_error_ = LinkError::None;
    io_status_ = hal::Status::Ok;
    resumed_ = false;
    saw_server_cert_ = false;
    offered_session_ = false;
    pending_write_ = false;
    got_data_ = false;
    alerts_.reset();
    const char* name = server_name_.empty() ? host : server_name_.c_str();
    std::string peer = std::string(name) + "@" + host_ + ":" + std::to_string(port);
    if (has_session_ && peer != session_peer_) forget_session();

    int ret = mbedtls_ssl_setup(&ssl_, &conf_);
    if (ret == 0) ret = mbedtls_ssl_set_hostname(&ssl_, name);
    if (ret != 0) return fail_tls(ret);
    mbedtls_ssl_set_bio(&ssl_, this, bio_send, bio_recv, nullptr);
    if (resume_sessions_ && has_session_) {
        offered_session_ = mbedtls_ssl_set_session(&ssl_, &session_) == 0;
        if (!offered_session_) forget_session();
    }
    session_peer_ = peer;

    hal::Status st = net_.connect(host, port, sock_);
    if (st != hal::Status::Ok) {
        sock_ = hal::kNoSocket;
        return fail(link_error_from_io(st), name_of(st));
    }
    state_ = State::TcpConnecting;
    phase_start_ms_ = clock_.now_ms();
    return ok_status();
}

Status TlsTransport::poll_connect() {
    switch (state_) {
        case State::Connected: return ok_status();
        case State::TcpConnecting: return poll_tcp();
        case State::Handshaking: return poll_handshake();
        case State::Failed: return err_from_link_error(last_error_);
        case State::Unconfigured:
        case State::Idle: break;
    }
    return Err::BadState;
}

Status TlsTransport::poll_tcp() {
    hal::Status st = net_.connect_result(sock_);
    if (st == hal::Status::WouldBlock) {
        if (elapsed_ms() < connect_timeout_ms_) return Err::WouldBlock;
        char detail[48];
        (void)std::snprintf(detail, sizeof detail, "no answer after %u ms", static_cast<unsigned>(connect_timeout_ms_));
        return fail(LinkError::ConnectTimeout, detail);
    }
    if (st != hal::Status::Ok) return fail(link_error_from_io(st), name_of(st));
    state_ = State::Handshaking;
    phase_start_ms_ = clock_.now_ms();
    return poll_handshake();
}

Status TlsTransport::poll_handshake() {
    io_status_ = hal::Status::Ok;
    int ret = mbedtls_ssl_handshake(&ssl_);
    if (ret == 0) {
        handshake_done();
        return ok_status();
    }
    if (ret != MBEDTLS_ERR_SSL_WANT_READ && ret != MBEDTLS_ERR_SSL_WANT_WRITE) return fail_tls(ret);
    if (elapsed_ms() < handshake_timeout_ms_) return Err::WouldBlock;
    char detail[48];
    (void)std::snprintf(detail, sizeof detail, "not done after %u ms", static_cast<unsigned>(handshake_timeout_ms_));
    return fail(LinkError::HandshakeTimeout, detail);
}

void TlsTransport::handshake_done() {
    const uint64_t handshake_ms = elapsed_ms();
    // A resumed handshake skips the Certificate message, so the verify callback never ran.
    resumed_ = offered_session_ && !saw_server_cert_;
    state_ = State::Connected;
    // A TLS 1.2 session can be resumed from now on; a TLS 1.3 one once its ticket arrives (recv()).
    if (mbedtls_ssl_get_version_number(&ssl_) == MBEDTLS_SSL_VERSION_TLS1_2) keep_session();
    FW_LOGI(kTag, "connected to %s:%u: %s, %s, %s handshake in %llu ms", host_.c_str(), port_, tls_version(),
            ciphersuite(), resumed_ ? "resumed" : "full", static_cast<unsigned long long>(handshake_ms));
}

void TlsTransport::keep_session() {
    if (!resume_sessions_) return;
    mbedtls_ssl_session_free(&session_);
    mbedtls_ssl_session_init(&session_);
    has_session_ = mbedtls_ssl_get_session(&ssl_, &session_) == 0;
}

Status TlsTransport::send(const uint8_t* data, size_t len, size_t& n) {
    n = 0;
    if (state_ != State::Connected) return state_ == State::Failed ? Err::Closed : Err::BadState;
    FW_TRY(flush_pending());
    if (len == 0) return ok_status();
    io_status_ = hal::Status::Ok;
    size_t cap = max_record_payload();
    const size_t take = len < cap ? len : cap;
    int ret = write_record(data, take);
    if (ret >= 0) {
        n = static_cast<size_t>(ret);
        return ok_status();
    }
    // With nothing queued before the call, WANT_WRITE means the record was built and is only
    // partly on the wire: the bytes are taken, flush_pending() finishes the record.
    if (ret == MBEDTLS_ERR_SSL_WANT_WRITE) {
        pending_write_ = true;
        n = take;
        return ok_status();
    }
    if (ret == MBEDTLS_ERR_SSL_WANT_READ) return Err::WouldBlock;
    return fail_tls(ret);
}

// A TLS 1.3 server may send its session tickets at any time after the handshake: mbedtls hands
// each one over as a distinct return code of a read or a write, after which the call is simply
// made again (data behind the ticket may already be buffered, with no socket event to come).
template <class Call>
int TlsTransport::past_tickets(Call call) {
    int ret = call();
    while (ret == MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET) {
        keep_session();
        FW_LOGD(kTag, "session ticket received");
        ret = call();
    }
    return ret;
}

int TlsTransport::write_record(const uint8_t* data, size_t len) {
    return past_tickets([&] { return mbedtls_ssl_write(&ssl_, data, len); });
}

Status TlsTransport::recv(uint8_t* buf, size_t cap, size_t& n) {
    n = 0;
    if (state_ != State::Connected) return state_ == State::Failed ? Err::Closed : Err::BadState;
    Status flushed = flush_pending();
    if (!flushed.ok() && flushed.err() != Err::WouldBlock) return flushed;
    io_status_ = hal::Status::Ok;
    int ret = past_tickets([&] { return mbedtls_ssl_read(&ssl_, buf, cap); });
    if (ret > 0) {
        n = static_cast<size_t>(ret);
        got_data_ = true;
        return ok_status();
    }
    if (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE) return Err::WouldBlock;
    return fail_tls(ret == 0 ? MBEDTLS_ERR_SSL_CONN_EOF : ret);
}

// mbedtls 3.6 has no public flush: a write with a record still queued sends the rest of that
// record and takes no new bytes. An empty write does that without needing the caller's bytes
// again; had the record gone out meanwhile, it sends an empty record, which TLS allows.
Status TlsTransport::flush_pending() {
    if (!pending_write_) return ok_status();
    io_status_ = hal::Status::Ok;
    int ret = write_record(nullptr, 0);
    if (ret >= 0) {
        pending_write_ = false;
        return ok_status();
    }
    if (ret == MBEDTLS_ERR_SSL_WANT_WRITE) return Err::WouldBlock;
    return fail_tls(ret);
}

void TlsTransport::close() {
    if (state_ == State::Connected) (void)mbedtls_ssl_close_notify(&ssl_);  // best effort, never waits
    drop_socket();
    free_context();
    if (state_ != State::Unconfigured) state_ = State::Idle;
}

void TlsTransport::free_context() {
    mbedtls_ssl_free(&ssl_);
    mbedtls_ssl_init(&ssl_);
}

void TlsTransport::drop_socket() {
    if (sock_ == hal::kNoSocket) return;
    net_.close(sock_);
    sock_ = hal::kNoSocket;
}

Status TlsTransport::fail_tls(int ret) {
    TlsFailureInfo info;
    info.mbedtls_ret = ret;
    info.verify_flags = mbedtls_ssl_get_verify_result(&ssl_);
    // mbedtls 3.6 does not say which fatal alert arrived: a plaintext one was seen on the way in.
    // An encrypted one before any data, while we present a certificate, answers that
    // certificate: TLS 1.3 servers check it after our Finished.
    if (ret == MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE) {
        info.alert = alerts_.fatal_alert();
        info.alert_after_client_cert = info.alert < 0 && creds_ && creds_->has_client_cert() && !got_data_;
    }
    info.io = io_status_;
    if (state_ == State::Handshaking && info.io != hal::Status::Ok && info.alert < 0) info.alert = unread_alert();
    char detail[192];
    LinkError e = classify_tls_failure(info, detail, sizeof detail);
    if (invalidates_session(e)) forget_session();
    return fail(e, detail);
}

// A server that refuses our certificate sends an alert and closes at once, so our next handshake
// write fails and mbedtls never reads the alert. Until the server's ChangeCipherSpec its alerts
// are plaintext records (type 21, length 2): look for one among the bytes still in the socket.
int TlsTransport::unread_alert() {
    uint8_t rec[7];
    size_t have = 0;
    while (have < sizeof rec) {
        size_t got = 0;
        if (net_.recv(sock_, rec + have, sizeof rec - have, got) != hal::Status::Ok || got == 0) break;
        have += got;
    }
    if (have < sizeof rec || rec[0] != MBEDTLS_SSL_MSG_ALERT || rec[3] != 0 || rec[4] != 2) return -1;
    return rec[5] == MBEDTLS_SSL_ALERT_LEVEL_FATAL ? rec[6] : -1;
}

Status TlsTransport::fail(LinkError e, const char* detail) {
    last_error_ = e;
    FW_LOGE(kTag, "%s %s:%u %s: %s (%s)", state_ == State::Connected ? "connection to" : "connect to", host_.c_str(),
            port_, state_ == State::Connected ? "lost" : "failed", name_of(e), detail);
    drop_socket();
    state_ = State::Failed;
    return err_from_link_error(e);
}

uint64_t TlsTransport::elapsed_ms() const { return clock_.now_ms() - phase_start_ms_; }

const char* TlsTransport::tls_version() const {
    return state_ == State::Connected ? mbedtls_ssl_get_version(&ssl_) : "none";
}

const char* TlsTransport::ciphersuite() const {
    const char* name = state_ == State::Connected ? mbedtls_ssl_get_ciphersuite(&ssl_) : nullptr;
    return name != nullptr ? name : "none";
}

const char* TlsTransport::alpn_protocol() const {
    return state_ == State::Connected ? mbedtls_ssl_get_alpn_protocol(&ssl_) : nullptr;
}

size_t TlsTransport::max_record_payload() const {
    if (state_ != State::Connected) return kOutContentBytes;
    int n = mbedtls_ssl_get_max_out_record_payload(&ssl_);
    return n > 0 ? static_cast<size_t>(n) : 0;
}

int TlsTransport::bio_send(void* ctx, const unsigned char* buf, size_t len) {
    auto* self = static_cast<TlsTransport*>(ctx);
    size_t sent = 0;
    hal::Status st = self->net_.send(self->sock_, buf, len < INT_MAX ? len : INT_MAX, sent);
    if (st == hal::Status::Ok && sent > 0) return static_cast<int>(sent);
    if (st == hal::Status::Ok || st == hal::Status::WouldBlock) return MBEDTLS_ERR_SSL_WANT_WRITE;
    self->io_status_ = st;
    return st == hal::Status::Reset || st == hal::Status::Closed ? MBEDTLS_ERR_NET_CONN_RESET
                                                                 : MBEDTLS_ERR_NET_SEND_FAILED;
}

int TlsTransport::bio_recv(void* ctx, unsigned char* buf, size_t len) {
    auto* self = static_cast<TlsTransport*>(ctx);
    size_t got = 0;
    hal::Status st = self->net_.recv(self->sock_, buf, len < INT_MAX ? len : INT_MAX, got);
    if (st == hal::Status::Ok && got > 0) {
        self->alerts_.feed(buf, got);
        return static_cast<int>(got);
    }
    if (st == hal::Status::Ok || st == hal::Status::WouldBlock) return MBEDTLS_ERR_SSL_WANT_READ;
    self->io_status_ = st;
    if (st == hal::Status::Closed) return 0;  // end of stream, as mbedtls expects it
    return st == hal::Status::Reset ? MBEDTLS_ERR_NET_CONN_RESET : MBEDTLS_ERR_NET_RECV_FAILED;
}

int TlsTransport::on_verify(void* ctx, mbedtls_x509_crt* crt, int depth, uint32_t* flags) {
    auto* self = static_cast<TlsTransport*>(ctx);
    self->saw_server_cert_ = true;
    ValidityTime now{self->clock_.unix_ms(), self->time_floor_ms_};
    judge_validity(&now, crt, depth, flags);
    // Called for the root first and the server's own certificate (depth 0) last: one line per handshake.
    if (depth == 0 && now.now_unix_ms <= 0)
        FW_LOGW(kTag, "certificate validity not checked: time unknown (only expiry before the image's build time is)");
    if (*flags != 0) {
        char dn[128];
        if (mbedtls_x509_dn_gets(dn, sizeof dn, &crt->subject) < 0) dn[0] = '\0';
        FW_LOGD(kTag, "server certificate depth %d (%s): verify flags 0x%x", depth, dn, static_cast<unsigned>(*flags));
    }
    return 0;
}

}  // namespace fw::net
