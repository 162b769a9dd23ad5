#include "firmware/net/http/http_response.h"

#include <gtest/gtest.h>

#include <string>

namespace {

using fw::net::HttpResponseParser;
using State = HttpResponseParser::State;

// Feeds `text` in pieces of `step` bytes, as the caller does: again after the head completes.
struct Parse {
    HttpResponseParser p;
    std::string body;
    std::string reason;  // why the parse failed

    State feed(const std::string& text, size_t step = SIZE_MAX) {
        auto sink = [this](const uint8_t* d, size_t n) {
            body.append(reinterpret_cast<const char*>(d), n);
            return true;
        };
        for (size_t at = 0; at < text.size() && p.state() != State::Failed && p.state() != State::Done;) {
            size_t n = std::min(step, text.size() - at);
            auto used = p.feed(reinterpret_cast<const uint8_t*>(text.data()) + at, n, sink);
            EXPECT_EQ(used.ok(), p.state() != State::Failed);
            if (!used.ok()) reason = used.err().reason;
            at += used.ok() ? used.value() : 0;
        }
        return p.state();
    }
    State finish() {
        auto ended = p.finish();
        EXPECT_EQ(ended.ok(), p.state() == State::Done);
        if (!ended.ok()) reason = ended.err().reason;
        return p.state();
    }
};

TEST(HttpResponse, ContentLengthBodyInAnyPieces) {
    for (size_t step : {size_t{1}, size_t{7}, SIZE_MAX}) {
        Parse r;
        EXPECT_EQ(r.feed("HTTP/1.1 200 OK\r\nContent-Type: x\r\ncontent-length: 5\r\n\r\nhelloEXTRA", step),
                  State::Done);
        EXPECT_EQ(r.p.status(), 200);
        EXPECT_EQ(r.p.content_length(), 5u);
        EXPECT_EQ(r.body, "hello") << "bytes after Content-Length are not body";
    }
}

TEST(HttpResponse, StopsAfterTheHeadSoTheCallerCanCheckIt) {
    HttpResponseParser p;
    std::string text = "HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nnop";
    auto used = p.feed(reinterpret_cast<const uint8_t*>(text.data()), text.size(), [](const uint8_t*, size_t) {
        ADD_FAILURE() << "no body before the caller looked at the head";
        return true;
    });
    EXPECT_EQ(used.value(), text.size() - 3);
    EXPECT_EQ(p.state(), State::Body);
    EXPECT_EQ(p.status(), 404);
}

TEST(HttpResponse, CloseDelimitedBodyEndsAtClose) {
    Parse r;  // what `openssl s_server -WWW` sends
    EXPECT_EQ(r.feed("HTTP/1.0 200 ok\r\nContent-type: text/plain\r\n\r\nabc", 2), State::Body);
    EXPECT_TRUE(r.p.close_delimited());
    EXPECT_EQ(r.finish(), State::Done);
    EXPECT_EQ(r.body, "abc");
}

TEST(HttpResponse, CloseBeforeContentLengthFails) {
    Parse r;
    EXPECT_EQ(r.feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"), State::Body);
    EXPECT_EQ(r.finish(), State::Failed);
    EXPECT_NE(r.reason.find("after 3 body bytes"), std::string::npos) << r.reason;
}

TEST(HttpResponse, CloseInsideTheHeadFails) {
    Parse r;
    EXPECT_EQ(r.feed("HTTP/1.1 200 OK\r\nContent-Len"), State::Head);
    EXPECT_EQ(r.finish(), State::Failed);
}

TEST(HttpResponse, PartialContentRange) {
    Parse r;
    EXPECT_EQ(
        r.feed("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 100-104/105\r\nContent-Length: 5\r\n\r\n12345"),
        State::Done);
    ASSERT_TRUE(r.p.content_range());
    EXPECT_EQ(r.p.content_range()->first, 100u);
    EXPECT_EQ(r.p.content_range()->last, 104u);
    EXPECT_EQ(r.p.content_range()->total, 105u);
    Parse star;
    EXPECT_EQ(star.feed("HTTP/1.1 206 x\r\nContent-Range: bytes 0-1/*\r\nContent-Length: 2\r\n\r\nab"), State::Done);
    EXPECT_FALSE(star.p.content_range()->total);
}

TEST(HttpResponse, ChunkedBody) {
    for (size_t step : {size_t{1}, size_t{5}, SIZE_MAX}) {
        Parse r;
        EXPECT_EQ(r.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\nA\r\n0123456789\r\n"
                         "0\r\nX-Trailer: y\r\n\r\n",
                         step),
                  State::Done);
        EXPECT_EQ(r.body, "hello0123456789");
        EXPECT_TRUE(r.p.chunked());
    }
}

TEST(HttpResponse, ChunkedFramingErrors) {
    Parse bad_size;
    EXPECT_EQ(bad_size.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"), State::Failed);
    Parse overrun;
    EXPECT_EQ(overrun.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n"), State::Failed);
    Parse gzip;
    EXPECT_EQ(gzip.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n"), State::Failed);
    EXPECT_NE(gzip.reason.find("Transfer-Encoding"), std::string::npos);
}

TEST(HttpResponse, InterimResponsesAreSkipped) {
    Parse r;
    EXPECT_EQ(r.feed("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"), State::Done);
    EXPECT_EQ(r.p.status(), 200);
    EXPECT_EQ(r.body, "ok");
}

TEST(HttpResponse, EndlessInterimResponsesShareOneHeadLimit) {
    Parse r;
    std::string interim;
    while (interim.size() <= HttpResponseParser::kMaxHead) interim += "HTTP/1.1 100 Continue\r\n\r\n";
    EXPECT_EQ(r.feed(interim + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"), State::Failed);
    EXPECT_NE(r.reason.find("larger than"), std::string::npos) << r.reason;
}

TEST(HttpResponse, EndlessTrailersAreRefused) {
    Parse r;
    std::string text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n";
    for (std::string trailers; trailers.size() <= HttpResponseParser::kMaxHead;) {
        trailers += "X-Trailer: 123456\r\n";
        if (trailers.size() > HttpResponseParser::kMaxHead) text += trailers;
    }
    EXPECT_EQ(r.feed(text + "\r\n"), State::Failed);
    EXPECT_NE(r.reason.find("trailer larger than"), std::string::npos) << r.reason;
    Parse ok;  // a few trailer fields are fine
    EXPECT_EQ(ok.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nX-A: 1\r\n\r\n"),
              State::Done);
}

TEST(HttpResponse, NoBodyFor204AndZeroLength) {
    Parse r;
    EXPECT_EQ(r.feed("HTTP/1.1 204 No Content\r\n\r\n"), State::Done);
    Parse z;
    EXPECT_EQ(z.feed("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), State::Done);
}

TEST(HttpResponse, GarbageIsRefused) {
    for (const char* bad :
         {"SSH-2.0-OpenSSH_9.2\r\n", "HTTP/1.1 2000 OK\r\n", "HTTP/1.1 abc OK\r\n", "HTTP/x.1 200 OK\r\n",
          "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
          "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
          "HTTP/1.1 206 x\r\nContent-Range: bytes 9-3/10\r\n\r\n"}) {
        Parse r;
        EXPECT_EQ(r.feed(bad), State::Failed) << bad;
        EXPECT_FALSE(r.reason.empty());
    }
}

TEST(HttpResponse, OversizedHeadIsRefused) {
    Parse r;
    std::string head = "HTTP/1.1 200 OK\r\n";
    while (head.size() <= HttpResponseParser::kMaxHead) head += "X-Padding: " + std::string(100, 'a') + "\r\n";
    EXPECT_EQ(r.feed(head + "\r\n"), State::Failed);
    EXPECT_NE(r.reason.find("larger than"), std::string::npos) << r.reason;
}

TEST(HttpResponse, ReceiverCanStopTheBody) {
    HttpResponseParser p;
    std::string text = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nabcd";
    auto no = [](const uint8_t*, size_t) { return false; };
    size_t used = p.feed(reinterpret_cast<const uint8_t*>(text.data()), text.size(), no).value();
    auto stopped = p.feed(reinterpret_cast<const uint8_t*>(text.data()) + used, text.size() - used, no);
    EXPECT_EQ(p.state(), State::Failed);
    EXPECT_EQ(stopped.err().reason, "stopped by the receiver");
}

}  // namespace
