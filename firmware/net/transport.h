#pragma once
// A byte stream to a server, non-blocking: the MQTT session and the HTTPS client run over it, and
// it is implemented by TLS (mbedtls over hal::Net) or, in tests, by a scripted fake.
#include <cstddef>
#include <cstdint>

#include "firmware/core/result.h"

namespace fw::net {

// Why a connection could not be made or was lost, for logs and for the app's state machine.
enum class LinkError : uint8_t {
    None = 0,
    DnsFailed,
    ConnectRefused,
    ConnectTimeout,
    HandshakeTimeout,
    CertExpired,       // the server's certificate (or ours, per its alert) is out of date
    CertUntrusted,     // server chain does not lead to our CA
    HostnameMismatch,  // server certificate is not for the broker's name
    PeerRejectedCert,  // the server refused our client certificate (TLS alert)
    TlsError,          // any other TLS failure
    PeerClosed,
    NetworkDown,
    BadConfig,  // unusable CA/cert/key given to the transport
};

const char* name_of(LinkError e);

class Transport {
public:
    virtual ~Transport() = default;
    // Starts connecting; progress is made by poll_connect().
    virtual Status start_connect(const char* host, uint16_t port) = 0;
    // Ok once connected (handshake done), WouldBlock while in progress, else failed (see last_error()).
    virtual Status poll_connect() = 0;
    // Non-blocking. Ok with `n` = bytes taken (may be fewer than len); WouldBlock when none fit.
    virtual Status send(const uint8_t* data, size_t len, size_t& n) = 0;
    // Non-blocking. Ok with `n` > 0, WouldBlock when nothing is available, Closed at end of stream.
    virtual Status recv(uint8_t* buf, size_t cap, size_t& n) = 0;
    virtual void close() = 0;
    virtual LinkError last_error() const = 0;
};

}  // namespace fw::net
