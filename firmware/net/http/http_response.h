#pragma once
// Incremental parser of one HTTP/1.x response, fed bytes as they arrive (nothing but the head
// and one chunk-size line is kept). It understands what a GET for a file can get back: a body
// of Content-Length bytes, a chunked body, or one that ends when the server closes (HTTP/1.0,
// `openssl s_server -WWW`), plus Content-Range for resumed downloads. Interim 1xx responses are
// skipped. Heads larger than kMaxHead bytes (counting every interim head before the final one),
// trailers larger than kMaxHead bytes and anything malformed fail with a reason.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "firmware/core/result.h"

namespace fw::net {

struct ContentRange {
    uint64_t first = 0;
    uint64_t last = 0;
    std::optional<uint64_t> total;  // none for "/*"
};

class HttpResponseParser {
public:
    static constexpr size_t kMaxHead = 8192;
    static constexpr size_t kMaxLine = 128;  // chunk-size and trailer lines

    enum class State : uint8_t { Head, Body, Done, Failed };
    // Receives decoded body bytes; false stops the parse (state Failed, "stopped by the receiver").
    using BodyFn = std::function<bool(const uint8_t* data, size_t len)>;

    // Consumes bytes; returns how many. Stops right after the head completes, so the caller can
    // look at status() and headers before any body byte is delivered: call again with the rest.
    // Fails (state Failed) with the reason the response is unusable, and from then on returns
    // that failure again.
    Result<size_t, Error<Err>> feed(const uint8_t* data, size_t len, const BodyFn& body);
    // The server closed the connection: ends a close-delimited body (Done, ok); anything else that
    // was unfinished fails.
    Result<void, Error<Err>> finish();

    State state() const { return state_; }
    int status() const { return status_; }
    std::optional<uint64_t> content_length() const { return content_length_; }
    const std::optional<ContentRange>& content_range() const { return range_; }
    bool chunked() const { return chunked_; }
    // The body's end is the connection's end (no length, not chunked).
    bool close_delimited() const { return state_ != State::Head && !chunked_ && !content_length_ && has_body_; }
    uint64_t body_bytes() const { return body_bytes_; }

private:
    enum class Chunk : uint8_t { Size, Data, DataEnd, Trailer };

    size_t feed_head(const uint8_t* data, size_t len);
    size_t feed_body(const uint8_t* data, size_t len, const BodyFn& body);
    size_t feed_chunked(const uint8_t* data, size_t len, const BodyFn& body);
    bool deliver(const uint8_t* data, size_t len, const BodyFn& body);
    bool status_line(const std::string& line);
    bool header_line(const std::string& line);
    void head_done();
    bool chunk_size_line(const std::string& line);
    void fail(Err code, std::string reason);

    State state_ = State::Head;
    std::string line_;
    size_t head_bytes_ = 0;
    bool saw_status_ = false;
    int status_ = 0;
    std::optional<uint64_t> content_length_;
    std::optional<ContentRange> range_;
    bool chunked_ = false;
    bool has_body_ = true;
    uint64_t body_bytes_ = 0;
    Chunk chunk_ = Chunk::Size;
    uint64_t chunk_left_ = 0;
    size_t trailer_bytes_ = 0;
    Error<Err> failure_;  // what feed() and finish() return once State::Failed
};

}  // namespace fw::net
