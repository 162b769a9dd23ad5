#include "firmware/net/transport.h"

namespace fw::net {

const char* link_error_name(LinkError e) {
    switch (e) {
        case LinkError::None: return "none";
        case LinkError::DnsFailed: return "DNS lookup failed";
        case LinkError::ConnectRefused: return "connection refused";
        case LinkError::ConnectTimeout: return "connect timeout";
        case LinkError::HandshakeTimeout: return "TLS handshake timeout";
        case LinkError::CertExpired: return "certificate expired";
        case LinkError::CertUntrusted: return "server certificate not trusted (unknown CA)";
        case LinkError::HostnameMismatch: return "server certificate hostname mismatch";
        case LinkError::PeerRejectedCert: return "server rejected our client certificate";
        case LinkError::TlsError: return "TLS error";
        case LinkError::PeerClosed: return "peer closed the connection";
        case LinkError::NetworkDown: return "network down";
        case LinkError::BadConfig: return "bad TLS configuration";
    }
    return "?";
}

}  // namespace fw::net
