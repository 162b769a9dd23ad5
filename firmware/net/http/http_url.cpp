#include "firmware/net/http/http_url.h"

#include "firmware/net/host_port.h"

namespace fw::net {
namespace {

// Printable ASCII without spaces: the path goes into the request line as is.
bool path_char(char c) { return c > ' ' && c < 0x7F; }

template <class Pred>
bool all(std::string_view s, Pred ok) {
    for (char c : s)
        if (!ok(c)) return false;
    return true;
}

}  // namespace

Result<HttpsUrl, Error<Err>> parse_https_url(std::string_view url) {
    constexpr std::string_view kScheme = "https://";
    if (url.substr(0, kScheme.size()) != kScheme)
        return Error<Err>(Err::InvalidArg, "'" + std::string(url) + "' is not an https:// URL");
    std::string_view rest = url.substr(kScheme.size());
    size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    HttpsUrl out;
    if (slash != std::string_view::npos) out.path = std::string(rest.substr(slash));
    if (!all(out.path, path_char))
        return Error<Err>(Err::InvalidArg, "the path of '" + std::string(url) + "' has spaces or control characters");
    auto hp = parse_host_port(authority, 443);
    if (!hp) return Error<Err>(hp.err().code, "'" + std::string(url) + "' " + hp.err().reason);
    out.host = std::move(hp->host);
    out.port = hp->port;
    return out;
}

}  // namespace fw::net
