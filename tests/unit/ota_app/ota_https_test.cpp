// Updates from a URL (generic `ota` command, Cumulocity 515) over a scripted HTTPS server.
#include "ota_app_fixture.h"

namespace {

using namespace ota_app;

struct HttpsTest : AgentTest {
    std::vector<uint8_t> file = image("1.1", 0, "iotfw", 12000);

    void SetUp() override {
        AgentTest::SetUp();
        use_profile(app::ProfileKind::Generic);
        connect();
    }
    app::Command ota_command(const std::string& url = "https://fw.local:8443/app.bin",
                             const std::string& version = "1.1") {
        auto in = profile->parse_inbound("devices/dev1/cmd", R"({"id":"42","cmd":"ota","params":{"url":")" + url +
                                                                 R"(","version":")" + version + R"("}})");
        return in.commands.at(0);
    }
    std::string request() {
        auto b = https.take_sent();
        return std::string(b.begin(), b.end());
    }
    void reply(const std::string& head, size_t from, size_t to) {
        https.push(std::span(reinterpret_cast<const uint8_t*>(head.data()), head.size()));
        if (to > from) https.push(std::span(file.data() + from, to - from));
    }
    std::string ok_head() const {
        return "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(file.size()) + "\r\n\r\n";
    }
    app::Json answer() const {
        auto a = payloads("devices/dev1/cmd/response");
        return a.empty() ? app::Json() : app::Json::parse(a.back());
    }
};

TEST_F(HttpsTest, DownloadsAnswersOkAndRestarts) {
    run(ota_command());
    spin();
    EXPECT_EQ(https.host(), "fw.local");
    EXPECT_EQ(https.port(), 8443);
    EXPECT_EQ(request().rfind("GET /app.bin HTTP/1.1\r\n", 0), 0u);
    https.recv_chunk = 700;
    reply(ok_head(), 0, file.size());
    spin(40);
    EXPECT_EQ(joined("devices/dev1/ota"),
              "{\"state\":\"DOWNLOADING\",\"version\":\"1.1\"}\n{\"state\":\"DOWNLOADED\",\"version\":\"1.1\"}\n"
              "{\"state\":\"VERIFIED\",\"version\":\"1.1\"}\n{\"state\":\"UPDATING\",\"version\":\"1.1\"}\n");
    EXPECT_EQ(answer(), app::Json::parse(R"({"id":"42","ok":true})")) << "answered before the restart";
    ASSERT_EQ(restarts.size(), 1u);

    power_on();
    sent.clear();
    connect();
    EXPECT_EQ(joined("devices/dev1/ota"), "{\"state\":\"UPDATED\",\"version\":\"1.1\"}\n");
    EXPECT_TRUE(payloads("devices/dev1/cmd/response").empty()) << "the command was answered already";
}

TEST_F(HttpsTest, ResumesWithRangeAfterADrop) {
    run(ota_command());
    spin();
    request();
    reply(ok_head(), 0, 5000);
    spin();
    https.break_link(fw::net::LinkError::PeerClosed);
    spin();
    EXPECT_EQ(https.connects, 1);
    advance(1000);  // first backoff
    EXPECT_EQ(https.connects, 2);
    std::string req = request();
    EXPECT_NE(req.find("\r\nRange: bytes=5000-\r\n"), std::string::npos) << req;
    reply("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 5000-" + std::to_string(file.size() - 1) + "/" +
              std::to_string(file.size()) + "\r\nContent-Length: " + std::to_string(file.size() - 5000) + "\r\n\r\n",
          5000, file.size());
    spin(10);
    EXPECT_EQ(restarts.size(), 1u) << joined("devices/dev1/ota");
    power_on();
    EXPECT_EQ(boot.desc.version, "1.1");
}

TEST_F(HttpsTest, ResumeAgainstAServerThatIgnoresRange) {
    run(ota_command());
    spin();
    reply(ok_head(), 0, 3000);
    spin();
    https.break_link(fw::net::LinkError::PeerClosed);
    spin();
    advance(1000);
    request();
    reply(ok_head(), 0, file.size());  // the whole file again: the first 3000 bytes are skipped
    spin(10);
    ASSERT_EQ(restarts.size(), 1u) << joined("devices/dev1/ota");
    power_on();
    EXPECT_EQ(boot.desc.version, "1.1");
}

TEST_F(HttpsTest, ThreeFailedAttemptsInARowFail) {
    https.refuse_connect = true;
    run(ota_command());
    spin();
    advance(1000);
    advance(2000);
    EXPECT_EQ(https.connects, 3);
    EXPECT_EQ(answer().value("ok", true), false);
    EXPECT_EQ(answer().value("error", "").rfind("download failed after 3 attempts: connect failed", 0), 0u)
        << answer().dump();
    advance(10000);
    EXPECT_EQ(https.connects, 3) << "no attempt after the failure";
    EXPECT_TRUE(restarts.empty());
    EXPECT_EQ(b.boot(), "ota_0/1.0");
}

TEST_F(HttpsTest, StalledServerTimesOutAndIsRetried) {
    run(ota_command());
    spin();
    reply(ok_head(), 0, 100);
    spin();
    advance(15000);
    EXPECT_EQ(https.connects, 1);
    advance(1000);
    EXPECT_EQ(https.connects, 2) << "retried after the idle timeout and the backoff";
}

TEST_F(HttpsTest, HttpErrorFailsAtOnce) {
    run(ota_command());
    spin();
    https.push(std::span(reinterpret_cast<const uint8_t*>("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"), 45));
    spin();
    EXPECT_EQ(answer(), app::Json::parse(R"({"id":"42","ok":false,"error":"HTTP 404"})"));
    EXPECT_EQ(https.connects, 1);
    EXPECT_TRUE(restarts.empty());
}

TEST_F(HttpsTest, CloseDelimitedResponseLikeOpensslWww) {
    run(ota_command());
    spin();
    reply("HTTP/1.0 200 ok\r\nContent-type: application/octet-stream\r\n\r\n", 0, file.size());
    https.close_from_peer();
    spin(10);
    EXPECT_EQ(restarts.size(), 1u) << joined("devices/dev1/ota");
}

TEST_F(HttpsTest, AWrongImageIsAnErrorAnswer) {
    file = image("1.1", 0, "other", 5000);
    run(ota_command());
    spin();
    reply(ok_head(), 0, file.size());
    spin(10);
    EXPECT_EQ(answer().value("error", ""), "wrong project name: 'other' (running 'iotfw')");
    EXPECT_FALSE(https.open()) << "the download stops at the refusal";
    EXPECT_TRUE(restarts.empty());
}

TEST_F(HttpsTest, CumulocityAnswers503AfterTheRestart) {
    use_profile(app::ProfileKind::Cumulocity);
    connect();
    sent.clear();
    auto in = profile->parse_inbound("s/ds", "515,dev1,iotfw,1.1,https://fw.local:8443/app.bin");
    ASSERT_EQ(in.commands.size(), 1u);
    for (const auto& p : profile->format_accepted(in.commands[0])) sent.push_back(p);
    run(in.commands[0]);
    spin();
    reply(ok_head(), 0, file.size());
    spin(10);
    EXPECT_EQ(joined("s/us"), "501,c8y_Firmware\n") << "503 waits for the new image";
    ASSERT_EQ(restarts.size(), 1u);
    power_on();
    sent.clear();
    connect();
    EXPECT_EQ(joined("s/us"), "503,c8y_Firmware\n");
}

TEST_F(HttpsTest, CumulocityFailureIs502) {
    use_profile(app::ProfileKind::Cumulocity);
    connect();
    sent.clear();
    auto in = profile->parse_inbound("s/ds", "515,dev1,iotfw,1.1,https://fw.local/app.bin");
    run(in.commands.at(0));
    spin();
    https.push(std::span(reinterpret_cast<const uint8_t*>("HTTP/1.1 403 Forbidden\r\n\r\n"), 26));
    spin();
    EXPECT_EQ(joined("s/us"), "502,c8y_Firmware,HTTP 403\n");
}

}  // namespace
