#pragma once
// Answers ThingsBoard firmware chunk requests from an image held in memory: a publish on
// v2/fw/request/{reqId}/chunk/{n} carrying the chunk size in ASCII decimal is answered on
// v2/fw/response/{reqId}/chunk/{n} with bytes [n*size, (n+1)*size) of the image, or with an
// empty payload past its end (the device's end-of-file signal). Anything else is refused with a
// reason, so one misbehaving request never stops the transfer.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cloud {

struct ChunkReply {
    std::string topic;
    const uint8_t* data;
    size_t len;
    uint64_t index;  // n
    bool repeat;     // this chunk of this request was answered before (the device timed out)
};

class ChunkServer {
public:
    static constexpr uint64_t kMaxChunk = 64 * 1024;
    static constexpr std::string_view kRequestPrefix = "v2/fw/request/";

    explicit ChunkServer(std::vector<uint8_t> image) : image_(std::move(image)) {}

    // The reply, or nullopt with `why` for a request that is ignored.
    std::optional<ChunkReply> answer(std::string_view topic, std::string_view payload, std::string& why);

    const std::vector<uint8_t>& image() const { return image_; }
    uint64_t served() const { return served_; }
    uint64_t repeats() const { return repeats_; }
    uint64_t rejected() const { return rejected_; }
    uint64_t bytes() const { return bytes_; }

private:
    std::optional<ChunkReply> reject(std::string& why, std::string reason);

    std::vector<uint8_t> image_;
    std::set<std::pair<std::string, uint64_t>> answered_;
    uint64_t served_ = 0, repeats_ = 0, rejected_ = 0, bytes_ = 0;
};

}  // namespace cloud
