#pragma once
// The host[:port] part of a URL (the broker's mqtts:// URI, an https:// image URL): a host name
// or IPv4 address, or an [IPv6] literal, kept without its brackets.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "firmware/core/result.h"

namespace fw::net {

struct HostPort {
    std::string host;
    uint16_t port = 0;
};

// `default_port` when none is given. InvalidArg with a reason saying what is wrong ("has a port
// outside 1..65535"), for the caller to put after the URL it quotes.
Result<HostPort, Error<Err>> parse_host_port(std::string_view authority, uint16_t default_port);

// "host:port", as logs and get_status show a server.
std::string host_port_text(std::string_view host, uint16_t port);
// A list of servers in one line: "a:123, b:123".
std::string host_ports_text(const std::vector<HostPort>& servers);

}  // namespace fw::net
