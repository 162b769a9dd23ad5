#include "firmware/net/http/http_client.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "fake_hal/fake_hal.h"
#include "fake_hal/fake_transport.h"
#include "firmware/core/log.h"

namespace {

using fw::net::HttpGet;
using fw::net::HttpOutcome;
using fw::net::HttpResult;

struct HttpGetTest : ::testing::Test {
    fake::ManualClock clock;
    fake::RecordingLog log;
    fw::EventLoop loop{clock};
    fake::FakeTransport t;
    HttpGet get{loop, t};
    std::string body;
    std::optional<HttpResult> result;
    bool refuse_body = false;

    void SetUp() override { fw::log::init(log, clock); }

    void start(uint64_t offset = 0, uint32_t idle_ms = 5000, uint32_t response_ms = 600000) {
        fw::net::HttpGetRequest req;
        req.url = {"fw.local", 8443, "/app.bin"};
        req.offset = offset;
        req.idle_timeout_ms = idle_ms;
        req.response_timeout_ms = response_ms;
        auto sink = [this](const uint8_t* d, size_t n) {
            body.append(reinterpret_cast<const char*>(d), n);
            return !refuse_body;
        };
        ASSERT_TRUE(get.start(req, sink, [this](const HttpResult& r) { result = r; }).ok());
    }
    void spin(int n = 5) {
        for (int i = 0; i < n; ++i) loop.run_once(0);
    }
    std::string sent() {
        auto b = t.take_sent();
        return std::string(b.begin(), b.end());
    }
    void reply(const std::string& s) { t.push(std::span(reinterpret_cast<const uint8_t*>(s.data()), s.size())); }
};

TEST_F(HttpGetTest, SendsAnHttp11GetAndDeliversTheBody) {
    start();
    spin();
    EXPECT_EQ(t.host(), "fw.local");
    EXPECT_EQ(t.port(), 8443);
    std::string req = sent();
    EXPECT_EQ(req.rfind("GET /app.bin HTTP/1.1\r\n", 0), 0u) << req;
    EXPECT_NE(req.find("\r\nHost: fw.local:8443\r\n"), std::string::npos) << req;
    EXPECT_NE(req.find("\r\nConnection: close\r\n"), std::string::npos) << req;
    EXPECT_EQ(req.find("Range:"), std::string::npos) << "no Range without an offset";
    EXPECT_EQ(req.substr(req.size() - 4), "\r\n\r\n");
    t.recv_chunk = 3;
    reply("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789");
    spin(10);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->outcome, HttpOutcome::Complete);
    EXPECT_EQ(result->status, 200);
    EXPECT_EQ(result->delivered, 10u);
    EXPECT_EQ(body, "0123456789");
    EXPECT_EQ(get.resource_size(), 10u);
    EXPECT_FALSE(get.busy());
    EXPECT_FALSE(t.open());
}

TEST_F(HttpGetTest, ResumeWith206StartsAtTheOffset) {
    start(4);
    spin();
    EXPECT_NE(sent().find("\r\nRange: bytes=4-\r\n"), std::string::npos);
    reply("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 4-9/10\r\nContent-Length: 6\r\n\r\n456789");
    spin();
    ASSERT_TRUE(result);
    EXPECT_EQ(result->outcome, HttpOutcome::Complete);
    EXPECT_EQ(body, "456789");
    EXPECT_EQ(get.resource_size(), 10u);
}

TEST_F(HttpGetTest, ResumeAgainstAServerIgnoringRangeSkipsWhatWeHave) {
    start(4);
    spin();
    t.recv_chunk = 2;
    reply("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789");
    spin(20);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->outcome, HttpOutcome::Complete);
    EXPECT_EQ(body, "456789");
    EXPECT_EQ(result->delivered, 6u);
}

TEST_F(HttpGetTest, A206ForAnotherRangeIsRefused) {
    start(4);
    spin();
    reply("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-9/10\r\nContent-Length: 10\r\n\r\n0123456789");
    spin();
    ASSERT_TRUE(result);
    EXPECT_EQ(result->outcome, HttpOutcome::Protocol);
    EXPECT_NE(result->detail.find("asked for 4"), std::string::npos) << result->detail;
    EXPECT_EQ(body, "");
}

TEST_F(HttpGetTest, NotFoundIsAnHttpError) {
    start();
    spin();
    reply("HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found");
    spin();
    ASSERT_TRUE(result);
    EXPECT_EQ(result->outcome, HttpOutcome::HttpStatus);
    EXPECT_EQ(result->status, 404);
    EXPECT_EQ(result->detail, "HTTP 404");
    EXPECT_EQ(body, "") << "an error page is not the file";
}

TEST_F(HttpGetTest, CloseDelimitedBodyCompletesAtClose) {
    start();
    spin();
    reply("HTTP/1.0 200 ok\r\nContent-type: application/octet-stream\r\n\r\nabcdef");
    t.close_from_peer();
    spin();
    ASSERT_TRUE(result);
    EXPECT_EQ(result->outcome, HttpOutcome::Complete);
    EXPECT_EQ(body, "abcdef");
    EXPECT_FALSE(get.resource_size());
}

TEST_F(HttpGetTest, DropMidBodyIsResumable) {
    start();
    spin();
    reply("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123");
    spin();
    t.break_link(fw::net::LinkError::PeerClosed);
    spin();
    ASSERT_TRUE(result);
    EXPECT_EQ(result->outcome, HttpOutcome::Dropped);
    EXPECT_EQ(result->delivered, 4u);
}

TEST_F(HttpGetTest, ConnectFailureIsReported) {
    t.refuse_connect = true;
    start();
    spin();
    ASSERT_TRUE(result);
    EXPECT_EQ(result->outcome, HttpOutcome::ConnectFailed);
    EXPECT_EQ(result->link, fw::net::LinkError::ConnectRefused);
}

TEST_F(HttpGetTest, SilenceTimesOutButProgressKeepsItAlive) {
    start(0, 5000);
    spin();
    reply("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01");
    for (int i = 0; i < 4; ++i) {  // a byte every 4 s: never idle for 5 s
        clock.advance(4000);
        reply(std::string(1, static_cast<char>('2' + i)));
        spin();
    }
    EXPECT_FALSE(result);
    clock.advance(5000);
    spin();
    ASSERT_TRUE(result);
    EXPECT_EQ(result->outcome, HttpOutcome::Timeout);
    EXPECT_EQ(body, "012345");
}

TEST_F(HttpGetTest, DripFedResponseEndsAtTheResponseDeadline) {
    // Interim heads, then a body byte every 4 s: never idle, yet never done.
    start(0, 5000, 30000);
    spin();
    for (int i = 0; i < 3; ++i) {
        reply("HTTP/1.1 100 Continue\r\n\r\n");
        spin();
        clock.advance(4000);
    }
    reply("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n");
    for (int i = 0; i < 20 && !result; ++i) {
        clock.advance(4000);
        reply("x");
        spin();
    }
    ASSERT_TRUE(result);
    EXPECT_EQ(result->outcome, HttpOutcome::Timeout);
    EXPECT_NE(result->detail.find("not complete within 30000 ms"), std::string::npos) << result->detail;
    EXPECT_GE(clock.now_ms(), 30000u);
    EXPECT_LT(clock.now_ms(), 34000u);
}

TEST_F(HttpGetTest, GarbageIsAProtocolError) {
    start();
    spin();
    reply("220 smtp.example.com ESMTP\r\n");
    spin();
    ASSERT_TRUE(result);
    EXPECT_EQ(result->outcome, HttpOutcome::Protocol);
}

TEST_F(HttpGetTest, ReceiverStopsTheDownload) {
    refuse_body = true;
    start();
    spin();
    reply("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789");
    spin();
    ASSERT_TRUE(result);
    EXPECT_EQ(result->outcome, HttpOutcome::Stopped);
    EXPECT_FALSE(t.open());
}

TEST_F(HttpGetTest, DoneMayStartTheNextRequest) {
    int done = 0;
    fw::net::HttpGetRequest req;
    req.url = {"fw.local", 443, "/a"};
    std::function<void(const HttpResult&)> again = [&](const HttpResult&) {
        if (++done == 1) {
            EXPECT_TRUE(get.start(
                               req, [](const uint8_t*, size_t) { return true; }, again)
                            .ok());
        }
    };
    ASSERT_TRUE(get.start(
                       req, [](const uint8_t*, size_t) { return true; }, again)
                    .ok());
    EXPECT_FALSE(get.start(req, nullptr, nullptr).ok()) << "one request at a time";
    spin();
    EXPECT_NE(sent().find("Host: fw.local\r\n"), std::string::npos) << "no port for 443";
    reply("HTTP/1.1 204 No Content\r\n\r\n");
    spin();
    EXPECT_EQ(done, 1);
    EXPECT_TRUE(get.busy());
    EXPECT_EQ(t.connects, 2);
}

}  // namespace
