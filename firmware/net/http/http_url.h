#pragma once
// https:// URLs as an update command carries them: host (name, IPv4, or [IPv6]), optional port
// (443), path with query (default "/"). Plain http:// is refused: images travel over TLS only.
#include <cstdint>
#include <string>
#include <string_view>

#include "firmware/core/result.h"

namespace fw::net {

struct HttpsUrl {
    std::string host;
    uint16_t port = 443;
    std::string path = "/";  // request target, query included
};

// InvalidArg with a reason naming the problem.
Result<HttpsUrl, Error<Err>> parse_https_url(std::string_view url);

}  // namespace fw::net
