#include "firmware/net/host_port.h"

#include "firmware/core/ascii.h"
#include "firmware/core/decimal.h"

namespace fw::net {
namespace {

bool host_char(char c) { return is_ascii_alnum(c) || c == '.' || c == '-'; }

bool ipv6_char(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':';
}

bool valid_hostname(std::string_view h) {
    if (h.empty() || h.size() > 253 || !all_chars(h, host_char)) return false;
    if (h.front() == '.' || h.front() == '-' || h.back() == '.' || h.back() == '-') return false;
    return h.find("..") == std::string_view::npos;
}

}  // namespace

Result<HostPort, Error<Err>> parse_host_port(std::string_view authority, uint16_t default_port) {
    HostPort out;
    out.port = default_port;
    std::string_view port;
    bool has_port = false;
    if (!authority.empty() && authority.front() == '[') {
        size_t close = authority.find(']');
        std::string_view host = close == std::string_view::npos ? std::string_view() : authority.substr(1, close - 1);
        if (host.empty() || !all_chars(host, ipv6_char))
            return Error<Err>(Err::InvalidArg, "has a malformed IPv6 address");
        std::string_view after = authority.substr(close + 1);
        if (!after.empty() && after.front() != ':') return Error<Err>(Err::InvalidArg, "has text after the host");
        out.host = std::string(host);
        has_port = !after.empty();
        if (has_port) port = after.substr(1);
    } else {
        size_t colon = authority.find(':');
        std::string_view host = authority.substr(0, colon);
        if (!valid_hostname(host))
            return Error<Err>(Err::InvalidArg, "has no valid host name (user info and paths are not allowed)");
        out.host = std::string(host);
        has_port = colon != std::string_view::npos;
        if (has_port) port = authority.substr(colon + 1);
    }
    if (has_port) {
        uint64_t p = 0;
        if (!parse_decimal(port, 5, p) || p == 0 || p > 65535)
            return Error<Err>(Err::InvalidArg, "has a port outside 1..65535");
        out.port = static_cast<uint16_t>(p);
    }
    return out;
}

std::string host_port_text(std::string_view host, uint16_t port) {
    std::string s(host);
    s += ':';
    s += std::to_string(port);
    return s;
}

std::string host_ports_text(const std::vector<HostPort>& servers) {
    std::string s;
    for (const auto& hp : servers) s += (s.empty() ? "" : ", ") + host_port_text(hp.host, hp.port);
    return s;
}

}  // namespace fw::net
