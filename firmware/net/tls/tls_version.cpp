#include <cstring>

#include "firmware/net/tls/tls_transport.h"

namespace fw::net {

const char* tls_version_name(TlsVersion v) { return v == TlsVersion::Tls13 ? "1.3" : "1.2"; }

bool parse_tls_version(const char* text, TlsVersion& out) {
    if (text == nullptr) return false;
    if (std::strcmp(text, "1.2") == 0) {
        out = TlsVersion::Tls12;
        return true;
    }
    if (std::strcmp(text, "1.3") == 0) {
        out = TlsVersion::Tls13;
        return true;
    }
    return false;
}

}  // namespace fw::net
