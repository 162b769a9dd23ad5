// libFuzzer harness for the HTTP response parser: whatever a server (or whoever sits between it
// and the device) sends back to a GET, cut into any pieces: status line, headers, Content-Length,
// chunked bodies with their size lines and trailers, Content-Range, interim 1xx answers.
//
// Input: byte 0 steers the run, the rest is the server's byte stream.
//   bits 0-5: bytes per feed() (0: all that is left)
//   bit 6:    the receiver stops the parse after the first body byte
//   bit 7:    the server closes after the last byte (finish())
#include <cstddef>
#include <cstdint>

#include "firmware/net/http/http_response.h"
#include "fuzz_support.h"

namespace {

volatile uint64_t g_sink;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const uint8_t control = data[0];
    const uint8_t* in = data + 1;
    size_t left = size - 1;
    const size_t step = (control & 0x3F) == 0 ? left : (control & 0x3F);
    const bool stop_early = control & 0x40;

    fw::net::HttpResponseParser p;
    uint64_t delivered = 0, sum = 0;
    auto body = [&](const uint8_t* b, size_t n) {
        for (size_t i = 0; i < n; ++i) sum += b[i];
        delivered += n;
        return !stop_early;
    };
    using State = fw::net::HttpResponseParser::State;
    size_t reason_len = 0;
    while (left > 0 && (p.state() == State::Head || p.state() == State::Body)) {
        size_t n = left < step ? left : step;
        auto fed = p.feed(in, n, body);
        fuzz::check(fed.ok() == (p.state() != State::Failed));
        size_t used = fed.ok() ? fed.value() : 0;
        if (!fed.ok()) reason_len = fed.err().reason.size();
        fuzz::check(used <= n);
        // Fed bytes, a parse still under way must make progress.
        fuzz::check(used > 0 || (p.state() != State::Head && p.state() != State::Body));
        in += used;
        left -= used;
    }
    if (control & 0x80) {
        auto ended = p.finish();
        fuzz::check(ended.ok() == (p.state() == State::Done));
        if (!ended.ok()) reason_len = ended.err().reason.size();
    }
    fuzz::check(delivered == p.body_bytes());
    // 204 and 304 have no body whatever their Content-Length says (RFC 9110 8.6).
    const bool bodiless = p.status() == 204 || p.status() == 304;
    if (p.content_length() && p.state() == State::Done && !p.chunked() && !bodiless)
        fuzz::check(delivered == *p.content_length());
    if (const auto& r = p.content_range()) fuzz::check(r->first <= r->last && (!r->total || r->last < *r->total));
    g_sink = sum + static_cast<uint64_t>(p.status()) + reason_len;
    return 0;
}
