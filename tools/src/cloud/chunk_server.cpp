#include "tools/src/cloud/chunk_server.h"

#include <algorithm>

#include "firmware/core/decimal.h"
#include "tools/src/cloud/printable.h"

namespace cloud {
namespace {

// Plain decimal digits only ("+1", " 1", "0x10" are malformed), at most `max`.
std::optional<uint64_t> decimal(std::string_view s, uint64_t max) {
    uint64_t v = 0;
    if (!fw::parse_decimal(s, 19, v) || v > max) return std::nullopt;
    return v;
}

}  // namespace

std::optional<ChunkReply> ChunkServer::reject(std::string& why, std::string reason) {
    ++rejected_;
    why = std::move(reason);
    return std::nullopt;
}

std::optional<ChunkReply> ChunkServer::answer(std::string_view topic, std::string_view payload, std::string& why) {
    if (!topic.starts_with(kRequestPrefix)) return reject(why, "not a chunk request topic: " + printable(topic));
    std::string_view rest = topic.substr(kRequestPrefix.size());
    size_t slash = rest.find('/');
    if (slash == 0 || slash == std::string_view::npos || !rest.substr(slash).starts_with("/chunk/"))
        return reject(why, "bad chunk request topic: " + printable(topic));
    std::string req_id(rest.substr(0, slash));
    // n is bounded so that n * size cannot overflow.
    auto n = decimal(rest.substr(slash + 7), UINT32_MAX);
    if (!n) return reject(why, "bad chunk number in " + printable(topic));
    auto size = decimal(payload, kMaxChunk);
    if (!size || *size == 0)
        return reject(why, "bad chunk size '" + printable(payload) + "' (1.." + std::to_string(kMaxChunk) + ")");
    uint64_t begin = std::min<uint64_t>(*n * *size, image_.size());
    uint64_t end = std::min<uint64_t>(begin + *size, image_.size());
    bool repeat = !answered_.emplace(req_id, *n).second;
    ++served_;
    repeats_ += repeat ? 1 : 0;
    bytes_ += end - begin;
    return ChunkReply{"v2/fw/response/" + req_id + "/chunk/" + std::to_string(*n), image_.data() + begin,
                      static_cast<size_t>(end - begin), *n, repeat};
}

}  // namespace cloud
