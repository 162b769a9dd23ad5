// The SoftAP transport (protocomm_httpd on loopback) with well-formed and hostile HTTP.
#include "hal_posix/prov_softap.h"

#include <gtest/gtest.h>

#include "fake_hal/fake_hal.h"
#include "raw_client.h"

namespace {

using provit::RawClient;

std::string post(const std::string& ep, const std::string& body, const std::string& extra = "") {
    return "POST /" + ep + " HTTP/1.1\r\nHost: 192.168.4.1\r\nContent-Type: application/x-www-form-urlencoded\r\n" +
           extra + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// Whole responses in `buf` (head + Content-Length body).
size_t responses(const std::string& buf) {
    size_t n = 0, pos = 0;
    for (;;) {
        size_t end = buf.find("\r\n\r\n", pos);
        if (end == std::string::npos) return n;
        size_t cl = buf.find("Content-Length: ", pos);
        size_t len = cl != std::string::npos && cl < end ? std::stoul(buf.substr(cl + 16)) : 0;
        if (buf.size() < end + 4 + len) return n;
        pos = end + 4 + len;
        ++n;
    }
}
auto has_responses(size_t n) {
    return [n](const std::string& b) { return responses(b) >= n; };
}

class SoftAp : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_EQ(ap.start("PROV_test", {"prov-session", "prov-config", "proto-ver"}), hal::Status::Ok);
        ASSERT_NE(ap.port(), 0);
    }
    // Drains the server; answers each request with "re:" + its body unless told to refuse.
    void pump() {
        hal::ProvRequest r;
        while (ap.poll(r) == hal::Status::Ok) {
            got.push_back(r);
            std::vector<uint8_t> answer;
            if (!refuse) {
                std::string text = "re:" + std::string(r.body.begin(), r.body.end());
                answer.assign(text.begin(), text.end());
            }
            ap.respond(r.session, answer);
        }
        uint32_t s;
        while (ap.poll_closed(s)) closed.push_back(s);
    }
    std::function<void()> pumper() {
        return [this] { pump(); };
    }

    hal_posix::IoWait io;
    hal_posix::ProvSoftAp ap{io, 0};
    std::vector<hal::ProvRequest> got;
    std::vector<uint32_t> closed;
    bool refuse = false;
};

TEST_F(SoftAp, PostCarriesBytesBothWaysLikeProtocommHttpd) {
    RawClient c = RawClient::tcp(ap.port());
    ASSERT_TRUE(c.ok());
    std::string body("\x00\x01\r\n\r\nbin\xff", 10);
    ASSERT_TRUE(c.send(post("prov-session", body)));
    std::string r = c.read(pumper(), has_responses(1));
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].endpoint, "prov-session");
    EXPECT_EQ(std::string(got[0].body.begin(), got[0].body.end()), body);
    EXPECT_EQ(r.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << r;
    EXPECT_NE(r.find("Content-Type: application/x-www-form-urlencoded\r\n"), std::string::npos) << r;
    EXPECT_NE(r.find("Content-Length: 13\r\n"), std::string::npos) << r;
    EXPECT_EQ(r.substr(r.find("\r\n\r\n") + 4), "re:" + body);
}

TEST_F(SoftAp, OneSessionPerKeepAliveConnection) {
    RawClient a = RawClient::tcp(ap.port()), b = RawClient::tcp(ap.port());
    ASSERT_TRUE(a.send(post("proto-ver", "1")));
    a.read(pumper(), has_responses(1));
    ASSERT_TRUE(a.send(post("prov-config", "2")));
    a.read(pumper(), has_responses(1));
    ASSERT_TRUE(b.send(post("proto-ver", "3")));
    b.read(pumper(), has_responses(1));
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(got[0].session, got[1].session);
    EXPECT_NE(got[0].session, got[2].session);
    a.close();
    for (int i = 0; i < 200 && closed.empty(); ++i) {
        pump();
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ASSERT_EQ(closed, std::vector<uint32_t>{got[0].session});
}

TEST_F(SoftAp, PipelinedAndByteByByteRequests) {
    RawClient c = RawClient::tcp(ap.port());
    ASSERT_TRUE(c.send(post("proto-ver", "one") + post("proto-ver", "two")));
    std::string r = c.read(pumper(), has_responses(2));
    EXPECT_EQ(responses(r), 2u);
    EXPECT_LT(r.find("re:one"), r.find("re:two"));
    std::string req = post("prov-config", "three");
    for (char ch : req) {
        ASSERT_TRUE(c.send(std::string(1, ch)));
        pump();
    }
    r = c.read(pumper(), has_responses(1));
    EXPECT_NE(r.find("re:three"), std::string::npos);
    EXPECT_EQ(got.size(), 3u);
}

TEST_F(SoftAp, RefusedRequestIsA500AndTheConnectionGoesOn) {
    refuse = true;
    RawClient c = RawClient::tcp(ap.port());
    ASSERT_TRUE(c.send(post("prov-config", "x")));
    std::string r = c.read(pumper(), has_responses(1));
    EXPECT_EQ(r.rfind("HTTP/1.1 500 ", 0), 0u) << r;
    refuse = false;
    ASSERT_TRUE(c.send(post("prov-config", "y")));
    r = c.read(pumper(), has_responses(1));
    EXPECT_EQ(r.rfind("HTTP/1.1 200 ", 0), 0u) << r;
}

struct Bad {
    const char* name;
    std::string request;
    const char* status;
    bool closes;
};

TEST_F(SoftAp, MalformedRequestsGetHttpErrorsNeverReachFirmware) {
    const Bad cases[] = {
        {"oversized body", "POST /prov-config HTTP/1.1\r\nContent-Length: 4097\r\n\r\n", "413", true},
        {"huge length", "POST /prov-config HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n", "400", true},
        {"negative length", "POST /prov-config HTTP/1.1\r\nContent-Length: -5\r\n\r\n", "400", true},
        {"two lengths", "POST /prov-config HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx", "400", true},
        {"no length", "POST /prov-config HTTP/1.1\r\n\r\n", "411", true},
        {"chunked", "POST /prov-config HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n", "400", true},
        {"garbage line", "\x01\x02\x03\r\n\r\n", "400", true},
        {"bad version", "POST /prov-config SPDY/9\r\nContent-Length: 1\r\n\r\nx", "400", true},
        {"header flood", "POST /prov-config HTTP/1.1\r\nX: " + std::string(5000, 'a'), "431", true},
        {"GET", "GET /prov-config HTTP/1.1\r\nContent-Length: 0\r\n\r\n", "405", false},
        {"unknown endpoint", post("prov-secret", "x"), "404", false},
        {"root", post("", "x"), "404", false},
        {"empty body", post("prov-config", ""), "400", false},
    };
    for (const Bad& b : cases) {
        RawClient c = RawClient::tcp(ap.port());
        ASSERT_TRUE(c.send(b.request)) << b.name;
        std::string r = c.read(pumper(), has_responses(1));
        EXPECT_EQ(r.rfind(std::string("HTTP/1.1 ") + b.status + " ", 0), 0u) << b.name << ": " << r;
        if (b.closes) {
            c.read(pumper(), [](const std::string&) { return false; });
            EXPECT_TRUE(c.closed_by_peer()) << b.name;
        } else {  // the request was read whole: the connection is still usable
            ASSERT_TRUE(c.send(post("proto-ver", "ok"))) << b.name;
            EXPECT_NE(c.read(pumper(), has_responses(1)).find("re:ok"), std::string::npos) << b.name;
        }
    }
    for (const auto& r : got) EXPECT_EQ(r.endpoint, "proto-ver");
}

TEST_F(SoftAp, ConnectionCloseIsHonoured) {
    RawClient c = RawClient::tcp(ap.port());
    ASSERT_TRUE(c.send(post("proto-ver", "bye", "Connection: close\r\n")));
    std::string r = c.read(pumper(), [](const std::string&) { return false; });
    EXPECT_TRUE(c.closed_by_peer());
    EXPECT_NE(r.find("Connection: close"), std::string::npos);
    EXPECT_NE(r.find("re:bye"), std::string::npos);
}

TEST_F(SoftAp, GarbageNeverBreaksTheServer) {
    fake::SeededRng g(5);
    for (int i = 0; i < 30; ++i) {
        RawClient c = RawClient::tcp(ap.port());
        std::string junk(1 + g.next() % 3000, '\0');
        g.fill(junk.data(), junk.size());
        c.send(junk);
        pump();
    }
    RawClient c = RawClient::tcp(ap.port());
    ASSERT_TRUE(c.send(post("proto-ver", "still here")));
    EXPECT_NE(c.read(pumper(), has_responses(1)).find("re:still here"), std::string::npos);
}

TEST_F(SoftAp, ConnectionCountIsBounded) {
    std::vector<RawClient> many;
    for (size_t i = 0; i < hal_posix::ProvStreamServer::kMaxConnections + 2; ++i) {
        many.push_back(RawClient::tcp(ap.port()));  // accepted one by one: the listen backlog is small
        ASSERT_TRUE(many.back().ok());
        pump();
    }
    many.back().read(pumper(), [](const std::string&) { return false; });
    EXPECT_TRUE(many.back().closed_by_peer());
    ASSERT_TRUE(many.front().send(post("proto-ver", "first")));
    EXPECT_NE(many.front().read(pumper(), has_responses(1)).find("re:first"), std::string::npos);
}

TEST_F(SoftAp, RestartKeepsThePortAndReportsDroppedSessions) {
    RawClient c = RawClient::tcp(ap.port());
    ASSERT_TRUE(c.send(post("proto-ver", "x")));
    c.read(pumper(), has_responses(1));
    uint16_t port = ap.port();
    ap.stop();
    uint32_t s;
    ASSERT_TRUE(ap.poll_closed(s));
    EXPECT_EQ(s, got[0].session);
    EXPECT_FALSE(RawClient::tcp(port).ok());
    ASSERT_EQ(ap.start("PROV_test", {"proto-ver"}), hal::Status::Ok);
    EXPECT_EQ(ap.port(), port);
    EXPECT_TRUE(RawClient::tcp(port).ok());
}

}  // namespace
