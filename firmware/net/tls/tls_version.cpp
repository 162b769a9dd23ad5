#include "firmware/net/tls/tls_version.h"

namespace fw::net {

const char* tls_version_name(TlsVersion v) { return v == TlsVersion::Tls13 ? "1.3" : "1.2"; }

bool parse_tls_version(std::string_view text, TlsVersion& out) {
    if (text == "1.2") {
        out = TlsVersion::Tls12;
        return true;
    }
    if (text == "1.3") {
        out = TlsVersion::Tls13;
        return true;
    }
    return false;
}

}  // namespace fw::net
