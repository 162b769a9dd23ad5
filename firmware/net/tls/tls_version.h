#pragma once
// TLS protocol versions the client may negotiate (config tls_min/tls_max). Nothing older than 1.2
// exists in this build.
#include <cstdint>
#include <string_view>

namespace fw::net {

enum class TlsVersion : uint8_t { Tls12, Tls13 };
const char* tls_version_name(TlsVersion v);  // "1.2", "1.3"
// "1.2"/"1.3" -> version; false for anything else (older versions are refused).
bool parse_tls_version(std::string_view text, TlsVersion& out);

}  // namespace fw::net
