#pragma once
// A non-blocking HTTP/1.1 GET over a Transport (TLS in the device), driven by the event loop as
// the MQTT session is: a poller makes progress, a timer enforces the idle timeout and the
// response deadline (the whole answer, interim 1xx heads, head, body and trailers, within
// response_timeout_ms of start(): a server dripping bytes cannot hold the device). One request
// per connection ("Connection: close"). Resuming: with `offset` N it asks for "Range: bytes=N-"
// and delivers the resource from byte N on whatever the server does: a 206 must start at N
// (Content-Range), a 200 (Range ignored) has its first N bytes skipped.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "firmware/core/event_loop.h"
#include "firmware/core/result.h"
#include "firmware/net/http/http_response.h"
#include "firmware/net/http/http_url.h"
#include "firmware/net/transport.h"

namespace fw::net {

struct HttpGetRequest {
    HttpsUrl url;
    uint64_t offset = 0;                    // bytes of the resource the caller already has
    uint32_t idle_timeout_ms = 15000;       // no progress (connect, send, receive) for this long: Timeout
    uint32_t response_timeout_ms = 600000;  // not complete this long after start(): Timeout (resumable)
};

enum class HttpOutcome : uint8_t {
    Complete,       // the whole (remaining) resource was delivered
    ConnectFailed,  // see `link`
    Dropped,        // the connection broke before the body was complete (resumable)
    Timeout,        // no progress for idle_timeout_ms, or not complete within response_timeout_ms
    HttpStatus,     // a non-2xx answer: see `status`
    Protocol,       // malformed response, or a range other than the one asked for
    Stopped,        // the body receiver returned false
};
const char* name_of(HttpOutcome o);

struct HttpResult {
    HttpOutcome outcome = HttpOutcome::Complete;
    int status = 0;
    LinkError link = LinkError::None;
    uint64_t delivered = 0;  // body bytes handed to the receiver by this request
    std::string detail;      // human-readable reason, e.g. "HTTP 404", "connection closed after 10 body bytes"
};

class HttpGet {
public:
    // Receives the resource's bytes in order, starting at the request's offset; false aborts.
    using BodyFn = std::function<bool(const uint8_t* data, size_t len)>;
    // Called once per start(), from the event loop; it may start() the next request.
    using DoneFn = std::function<void(const HttpResult& r)>;

    HttpGet(EventLoop& loop, Transport& transport) : loop_(loop), transport_(transport) {}
    ~HttpGet();
    HttpGet(const HttpGet&) = delete;
    HttpGet& operator=(const HttpGet&) = delete;

    // BadState while a request is running; the transport's start_connect() errors fail at once.
    Status start(const HttpGetRequest& req, BodyFn body, DoneFn done);
    // Drops the request without calling `done`.
    void cancel();
    bool busy() const { return phase_ != Phase::Idle; }
    // The whole resource's size, once the head told it (200: Content-Length; 206: the range total).
    std::optional<uint64_t> resource_size() const { return resource_size_; }

private:
    enum class Phase : uint8_t { Idle, Connecting, Sending, Receiving };

    void poll();
    void poll_receive();
    bool check_head();
    bool take_body(const uint8_t* data, size_t len);
    void on_timer();
    void arm_timer();
    void progress() { last_progress_ms_ = loop_.now_ms(); }
    void finish(HttpOutcome o, std::string detail);
    void teardown();

    EventLoop& loop_;
    Transport& transport_;
    HttpGetRequest req_;
    BodyFn body_;
    DoneFn done_;
    Phase phase_ = Phase::Idle;
    uint32_t poller_ = 0;
    EventLoop::TimerId timer_ = EventLoop::kNoTimer;
    uint64_t last_progress_ms_ = 0;
    uint64_t started_ms_ = 0;
    std::string request_;
    size_t sent_ = 0;
    HttpResponseParser parser_;
    uint64_t skip_ = 0;  // bytes of a 200 body the caller already has
    HttpResult result_;
    std::optional<uint64_t> resource_size_;
    bool receiver_stopped_ = false;
    bool start_failed_ = false;  // start_connect() refused: reported by the first poll
    std::vector<uint8_t> buf_;
};

}  // namespace fw::net
