#include "firmware/net/transport.h"

#include "firmware/core/enum_names.h"

namespace fw::net {

constexpr fw::EnumName<LinkError> kLinkErrorNames[] = {
    {LinkError::None, "none"},
    {LinkError::DnsFailed, "DNS lookup failed"},
    {LinkError::ConnectRefused, "connection refused"},
    {LinkError::ConnectTimeout, "connect timeout"},
    {LinkError::HandshakeTimeout, "TLS handshake timeout"},
    {LinkError::CertExpired, "certificate expired"},
    {LinkError::CertUntrusted, "server certificate not trusted (unknown CA)"},
    {LinkError::HostnameMismatch, "server certificate hostname mismatch"},
    {LinkError::PeerRejectedCert, "server rejected our client certificate"},
    {LinkError::TlsError, "TLS error"},
    {LinkError::PeerClosed, "peer closed the connection"},
    {LinkError::NetworkDown, "network down"},
    {LinkError::BadConfig, "bad TLS configuration"},
};

const char* name_of(LinkError e) { return fw::name_in(kLinkErrorNames, e); }

}  // namespace fw::net
