#include "firmware/net/http/http_client.h"

#include <algorithm>

#include "firmware/core/enum_names.h"
#include "firmware/core/log.h"

namespace fw::net {
namespace {

constexpr const char* kTag = "http";
constexpr size_t kRecvBuffer = 2048;
constexpr int kReadsPerPoll = 16;  // bounds one poll so a fast download cannot starve the loop

}  // namespace

constexpr fw::EnumName<HttpOutcome> kOutcomeNames[] = {
    {HttpOutcome::Complete, "complete"},
    {HttpOutcome::ConnectFailed, "connect failed"},
    {HttpOutcome::Dropped, "connection dropped"},
    {HttpOutcome::Timeout, "timed out"},
    {HttpOutcome::HttpStatus, "HTTP error"},
    {HttpOutcome::Protocol, "bad response"},
    {HttpOutcome::Stopped, "stopped"},
};

const char* name_of(HttpOutcome o) { return fw::name_in(kOutcomeNames, o); }

HttpGet::~HttpGet() { cancel(); }

Status HttpGet::start(const HttpGetRequest& req, BodyFn body, DoneFn done) {
    if (busy()) return Err::BadState;
    req_ = req;
    body_ = std::move(body);
    done_ = std::move(done);
    parser_ = HttpResponseParser();
    result_ = HttpResult();
    resource_size_.reset();
    sent_ = 0;
    skip_ = 0;
    receiver_stopped_ = false;
    buf_.resize(kRecvBuffer);
    bool v6 = req.url.host.find(':') != std::string::npos;
    std::string host = v6 ? "[" + req.url.host + "]" : req.url.host;
    if (req.url.port != 443) host += ":" + std::to_string(req.url.port);
    request_ = "GET " + req.url.path + " HTTP/1.1\r\nHost: " + host +
               "\r\nUser-Agent: iotfw-ota\r\nAccept-Encoding: identity\r\nConnection: close\r\n";
    if (req.offset > 0) request_ += "Range: bytes=" + std::to_string(req.offset) + "-\r\n";
    request_ += "\r\n";
    FW_LOGI(kTag, "GET https://%s%s%s", host.c_str(), req.url.path.c_str(),
            req.offset > 0 ? (" from byte " + std::to_string(req.offset)).c_str() : "");
    start_failed_ = !transport_.start_connect(req.url.host.c_str(), req.url.port).ok();
    phase_ = Phase::Connecting;
    progress();
    started_ms_ = last_progress_ms_;
    poller_ = loop_.add_poller([this] { poll(); });
    arm_timer();
    return ok_status();
}

void HttpGet::cancel() {
    if (busy()) teardown();
    body_ = nullptr;
    done_ = nullptr;
}

void HttpGet::teardown() {
    loop_.remove_poller(poller_);
    loop_.cancel(timer_);
    timer_ = EventLoop::kNoTimer;
    transport_.close();
    phase_ = Phase::Idle;
}

void HttpGet::finish(HttpOutcome o, std::string detail) {
    result_.outcome = o;
    result_.detail = std::move(detail);
    if (o != HttpOutcome::Complete)
        FW_LOGW(kTag, "GET %s: %s (%s)", req_.url.path.c_str(), name_of(o), result_.detail.c_str());
    teardown();
    DoneFn done = std::move(done_);
    body_ = nullptr;
    HttpResult r = result_;
    if (done) done(r);  // last: it may start the next request
}

void HttpGet::arm_timer() {
    // The earlier of the idle limit (from the last progress) and the response deadline (from start()).
    uint64_t due = std::min(last_progress_ms_ + req_.idle_timeout_ms, started_ms_ + req_.response_timeout_ms);
    uint64_t now = loop_.now_ms();
    timer_ = loop_.add_timer(static_cast<uint32_t>(due > now ? due - now : 0), [this] { on_timer(); });
}

void HttpGet::on_timer() {
    timer_ = EventLoop::kNoTimer;
    uint64_t now = loop_.now_ms();
    if (now - started_ms_ >= req_.response_timeout_ms) {
        finish(HttpOutcome::Timeout, "response not complete within " + std::to_string(req_.response_timeout_ms) +
                                         " ms (" + std::to_string(result_.delivered) + " body bytes so far)");
        return;
    }
    if (now - last_progress_ms_ >= req_.idle_timeout_ms) {
        const char* where = phase_ == Phase::Connecting ? "connecting"
                            : phase_ == Phase::Sending  ? "sending"
                                                        : "receiving";
        finish(HttpOutcome::Timeout, "no progress for " + std::to_string(req_.idle_timeout_ms) + " ms while " + where);
        return;
    }
    arm_timer();
}

void HttpGet::poll() {
    if (phase_ == Phase::Connecting) {
        Status s = start_failed_ ? Status(Err::Closed) : transport_.poll_connect();
        if (s.err() == Err::WouldBlock) return;
        if (!s.ok()) {
            result_.link = transport_.last_error();
            finish(HttpOutcome::ConnectFailed, std::string("connect failed: ") + name_of(result_.link));
            return;
        }
        phase_ = Phase::Sending;
        progress();
    }
    if (phase_ == Phase::Sending) {
        while (sent_ < request_.size()) {
            size_t n = 0;
            Status s =
                transport_.send(reinterpret_cast<const uint8_t*>(request_.data()) + sent_, request_.size() - sent_, n);
            if (s.err() == Err::WouldBlock) return;
            if (!s.ok()) {
                result_.link = transport_.last_error();
                finish(HttpOutcome::Dropped,
                       std::string("connection lost while sending the request: ") + name_of(result_.link));
                return;
            }
            sent_ += n;
            progress();
        }
        phase_ = Phase::Receiving;
    }
    poll_receive();
}

bool HttpGet::check_head() {
    int st = parser_.status();
    result_.status = st;
    if (st < 200 || st > 299) {
        finish(HttpOutcome::HttpStatus, "HTTP " + std::to_string(st));
        return false;
    }
    if (st == 206) {
        const auto& r = parser_.content_range();
        if (!r || r->first != req_.offset) {
            finish(HttpOutcome::Protocol, r ? "206 range starts at byte " + std::to_string(r->first) + ", asked for " +
                                                  std::to_string(req_.offset)
                                            : "206 without Content-Range");
            return false;
        }
        resource_size_ = r->total ? *r->total : r->last + 1;  // "bytes=N-" runs to the end
        return true;
    }
    skip_ = req_.offset;  // the server ignored Range: it sends the resource from its start
    if (parser_.content_length()) resource_size_ = parser_.content_length();
    return true;
}

bool HttpGet::take_body(const uint8_t* data, size_t len) {
    if (skip_ > 0) {
        size_t s = skip_ < len ? static_cast<size_t>(skip_) : len;
        skip_ -= s;
        data += s;
        len -= s;
        if (len == 0) return true;
    }
    result_.delivered += len;
    receiver_stopped_ = !body_(data, len);
    return !receiver_stopped_;
}

void HttpGet::poll_receive() {
    auto body = [this](const uint8_t* d, size_t n) { return take_body(d, n); };
    for (int round = 0; round < kReadsPerPoll; ++round) {
        size_t n = 0;
        Status s = transport_.recv(buf_.data(), buf_.size(), n);
        if (s.err() == Err::WouldBlock) return;
        if (!s.ok()) {
            result_.link = transport_.last_error();
            auto ended = parser_.finish();
            if (ended.ok()) {  // a close-delimited body ended
                finish(HttpOutcome::Complete, "");
            } else {
                finish(HttpOutcome::Dropped, ended.err().reason + " (" + name_of(result_.link) + ")");
            }
            return;
        }
        progress();
        size_t off = 0;
        while (off < n) {
            bool in_head = parser_.state() == HttpResponseParser::State::Head;
            auto fed = parser_.feed(buf_.data() + off, n - off, body);
            if (!fed.ok()) {
                finish(receiver_stopped_ ? HttpOutcome::Stopped : HttpOutcome::Protocol, fed.err().reason);
                return;
            }
            off += fed.value();
            auto st = parser_.state();
            if (in_head && st != HttpResponseParser::State::Head && !check_head()) return;
            if (st == HttpResponseParser::State::Done) {
                finish(HttpOutcome::Complete, "");
                return;
            }
        }
    }
}

}  // namespace fw::net
