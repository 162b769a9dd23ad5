#include "firmware/net/http/http_response.h"

#include <string_view>

#include "firmware/core/decimal.h"

namespace fw::net {
namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Lengths and offsets: at most 15 digits (far beyond any image).
bool parse_decimal(std::string_view s, uint64_t& out) { return fw::parse_decimal(s, 15, out); }

// "bytes first-last/total" or "bytes first-last/*" (RFC 9110 14.4).
bool parse_content_range(std::string_view v, ContentRange& r) {
    constexpr std::string_view kUnit = "bytes ";
    if (v.size() <= kUnit.size() || !iequals(v.substr(0, kUnit.size()), kUnit)) return false;
    v = trim(v.substr(kUnit.size()));
    size_t dash = v.find('-'), slash = v.find('/');
    if (dash == std::string_view::npos || slash == std::string_view::npos || slash < dash) return false;
    if (!parse_decimal(v.substr(0, dash), r.first) || !parse_decimal(v.substr(dash + 1, slash - dash - 1), r.last))
        return false;
    if (r.last < r.first) return false;
    std::string_view total = v.substr(slash + 1);
    if (total == "*") return true;
    uint64_t t = 0;
    if (!parse_decimal(total, t) || t <= r.last) return false;
    r.total = t;
    return true;
}

}  // namespace

void HttpResponseParser::fail(Err code, std::string reason) {
    state_ = State::Failed;
    failure_ = Error<Err>(code, std::move(reason));
}

Result<size_t, Error<Err>> HttpResponseParser::feed(const uint8_t* data, size_t len, const BodyFn& body) {
    size_t used = 0;
    if (state_ == State::Head)
        used = feed_head(data, len);
    else if (state_ == State::Body)
        used = chunked_ ? feed_chunked(data, len, body) : feed_body(data, len, body);
    if (state_ == State::Failed) return failure_;
    return used;
}

size_t HttpResponseParser::feed_head(const uint8_t* data, size_t len) {
    size_t i = 0;
    while (i < len && state_ == State::Head) {
        char c = static_cast<char>(data[i++]);
        if (++head_bytes_ > kMaxHead) {
            fail(Err::TooLarge, "response head larger than " + std::to_string(kMaxHead) + " bytes");
            break;
        }
        if (c != '\n') {
            line_ += c;
            continue;
        }
        if (!line_.empty() && line_.back() == '\r') line_.pop_back();
        std::string line;
        line.swap(line_);
        if (!saw_status_) {
            if (!status_line(line)) break;
        } else if (line.empty()) {
            head_done();
        } else if (!header_line(line)) {
            break;
        }
    }
    return i;
}

bool HttpResponseParser::status_line(const std::string& line) {
    // "HTTP/1.1 206 Partial Content"; the reason phrase may be empty or missing.
    std::string_view v(line);
    bool ok = v.size() >= 12 && v.substr(0, 5) == "HTTP/" && v[5] >= '0' && v[5] <= '9' && v[6] == '.' && v[7] >= '0' &&
              v[7] <= '9' && v[8] == ' ' && (v.size() == 12 || v[12] == ' ');
    uint64_t code = 0;
    if (!ok || !parse_decimal(v.substr(9, 3), code) || code < 100) {
        fail(Err::Protocol, "not an HTTP status line: '" + line.substr(0, 64) + "'");
        return false;
    }
    status_ = static_cast<int>(code);
    saw_status_ = true;
    return true;
}

bool HttpResponseParser::header_line(const std::string& line) {
    size_t colon = line.find(':');
    if (colon == 0 || colon == std::string::npos || line[0] == ' ' || line[0] == '\t') {
        fail(Err::Protocol, "malformed header line: '" + line.substr(0, 64) + "'");
        return false;
    }
    std::string_view name = std::string_view(line).substr(0, colon);
    std::string_view value = trim(std::string_view(line).substr(colon + 1));
    if (iequals(name, "Content-Length")) {
        uint64_t n = 0;
        if (!parse_decimal(value, n) || (content_length_ && *content_length_ != n)) {
            fail(Err::Protocol, "bad Content-Length: '" + std::string(value) + "'");
            return false;
        }
        content_length_ = n;
    } else if (iequals(name, "Transfer-Encoding")) {
        if (!iequals(value, "chunked") && !iequals(value, "identity")) {
            fail(Err::Unsupported, "unsupported Transfer-Encoding: '" + std::string(value) + "'");
            return false;
        }
        chunked_ = chunked_ || iequals(value, "chunked");
    } else if (iequals(name, "Content-Range")) {
        ContentRange r;
        if (!parse_content_range(value, r)) {
            fail(Err::Protocol, "bad Content-Range: '" + std::string(value) + "'");
            return false;
        }
        range_ = r;
    }
    return true;
}

void HttpResponseParser::head_done() {
    if (status_ < 200) {            // interim response (100 Continue): the real one follows
        size_t used = head_bytes_;  // within the same head budget, or 1xx would never end
        *this = HttpResponseParser();
        head_bytes_ = used;
        return;
    }
    // A chunked body's length comes from the chunks (RFC 9112 6.3: Transfer-Encoding wins).
    if (chunked_) content_length_.reset();
    has_body_ = status_ != 204 && status_ != 304;
    state_ = !has_body_ || (content_length_ && *content_length_ == 0) ? State::Done : State::Body;
}

bool HttpResponseParser::deliver(const uint8_t* data, size_t len, const BodyFn& body) {
    body_bytes_ += len;
    if (len == 0 || body(data, len)) return true;
    fail(Err::Refused, "stopped by the receiver");
    return false;
}

size_t HttpResponseParser::feed_body(const uint8_t* data, size_t len, const BodyFn& body) {
    size_t take = len;
    if (content_length_ && *content_length_ - body_bytes_ < take)
        take = static_cast<size_t>(*content_length_ - body_bytes_);
    if (!deliver(data, take, body)) return take;
    if (content_length_ && body_bytes_ == *content_length_) state_ = State::Done;
    return take;
}

bool HttpResponseParser::chunk_size_line(const std::string& line) {
    std::string_view v = trim(std::string_view(line).substr(0, line.find(';')));  // drop chunk extensions
    uint64_t n = 0;
    bool ok = !v.empty() && v.size() <= 12;
    for (char c : v) {
        int d = c >= '0' && c <= '9' ? c - '0' : lower(c) >= 'a' && lower(c) <= 'f' ? lower(c) - 'a' + 10 : -1;
        ok = ok && d >= 0;
        n = n * 16 + static_cast<uint64_t>(d < 0 ? 0 : d);
    }
    if (!ok) {
        fail(Err::Protocol, "bad chunk size line: '" + line.substr(0, 32) + "'");
        return false;
    }
    chunk_left_ = n;
    chunk_ = n == 0 ? Chunk::Trailer : Chunk::Data;
    return true;
}

size_t HttpResponseParser::feed_chunked(const uint8_t* data, size_t len, const BodyFn& body) {
    size_t i = 0;
    while (i < len && state_ == State::Body) {
        if (chunk_ == Chunk::Data) {
            size_t take = len - i;
            if (chunk_left_ < take) take = static_cast<size_t>(chunk_left_);
            if (!deliver(data + i, take, body)) return i + take;
            i += take;
            chunk_left_ -= take;
            if (chunk_left_ == 0) chunk_ = Chunk::DataEnd;
            continue;
        }
        char c = static_cast<char>(data[i++]);
        if (chunk_ == Chunk::Trailer && ++trailer_bytes_ > kMaxHead) {
            fail(Err::TooLarge, "trailer larger than " + std::to_string(kMaxHead) + " bytes");
            break;
        }
        if (c != '\n') {
            line_ += c;
            if (line_.size() > kMaxLine)
                fail(Err::TooLarge, "chunk framing line longer than " + std::to_string(kMaxLine) + " bytes");
            continue;
        }
        if (!line_.empty() && line_.back() == '\r') line_.pop_back();
        std::string line;
        line.swap(line_);
        if (chunk_ == Chunk::Size) {
            chunk_size_line(line);
        } else if (chunk_ == Chunk::DataEnd) {
            if (!line.empty()) fail(Err::Protocol, "chunk data longer than its size");
            chunk_ = Chunk::Size;
        } else if (line.empty()) {  // Trailer: fields are ignored, an empty line ends the body
            state_ = State::Done;
        }
    }
    return i;
}

Result<void, Error<Err>> HttpResponseParser::finish() {
    if (state_ == State::Head)
        fail(Err::Closed,
             saw_status_ ? "connection closed inside the response head" : "connection closed before any response");
    else if (state_ == State::Body && close_delimited())
        state_ = State::Done;
    else if (state_ == State::Body)
        fail(Err::Closed, "connection closed after " + std::to_string(body_bytes_) + " body bytes");
    if (state_ == State::Failed) return failure_;
    return {};
}

}  // namespace fw::net
