// The BLE-like transport: framing, sessions, and hostile frames.
#include "hal_posix/prov_ble.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "raw_client.h"

namespace {

using provit::RawClient;
namespace frame = hal_posix::ble_frame;

std::string u16(uint16_t v) { return std::string{static_cast<char>(v & 0xFF), static_cast<char>(v >> 8)}; }
std::string u32(uint32_t v) {
    std::string s;
    for (int i = 0; i < 4; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
    return s;
}

TEST(BleFrame, LayoutAndIncrementalDecode) {
    std::string f = frame::encode("prov-session", {1, 2, 3});
    EXPECT_EQ(f, u16(12) + "prov-session" + u32(3) + std::string("\x01\x02\x03", 3));
    for (size_t n = 0; n < f.size(); ++n) {
        size_t used = 0;
        std::string name;
        std::vector<uint8_t> payload;
        EXPECT_EQ(frame::decode(f.substr(0, n), used, name, payload), frame::Decoded::Incomplete) << n;
    }
    size_t used = 0;
    std::string name;
    std::vector<uint8_t> payload;
    ASSERT_EQ(frame::decode(f + "tail", used, name, payload), frame::Decoded::Frame);
    EXPECT_EQ(used, f.size());
    EXPECT_EQ(name, "prov-session");
    EXPECT_EQ(payload, (std::vector<uint8_t>{1, 2, 3}));
    EXPECT_EQ(frame::decode(u16(0) + u32(0), used, name, payload), frame::Decoded::Bad);
    EXPECT_EQ(frame::decode(u16(65) + std::string(65, 'a') + u32(0), used, name, payload), frame::Decoded::Bad);
    EXPECT_EQ(frame::decode(u16(1) + "a" + u32(4097), used, name, payload), frame::Decoded::Bad);
}

class Ble : public ::testing::Test {
protected:
    Ble() {
        char tmpl[] = "/tmp/prov-ble-test-XXXXXX";
        dir = mkdtemp(tmpl);
        path = dir + "/prov.sock";
    }
    ~Ble() override {
        ble.reset();
        rmdir(dir.c_str());
    }
    void SetUp() override {
        ble = std::make_unique<hal_posix::ProvBle>(io, path);
        ASSERT_EQ(ble->start("PROV_test", {"prov-session", "prov-config"}), hal::Status::Ok);
    }
    void pump() {
        hal::ProvRequest r;
        while (ble->poll(r) == hal::Status::Ok) {
            got.push_back(r);
            std::string text = "ok" + std::string(r.body.begin(), r.body.end());
            std::vector<uint8_t> answer(text.begin(), text.end());
            ble->respond(r.session, answer);
        }
        uint32_t s;
        while (ble->poll_closed(s)) closed.push_back(s);
    }
    std::function<void()> pumper() {
        return [this] { pump(); };
    }
    static auto frames(size_t n) {
        return [n](const std::string& b) {
            size_t count = 0, pos = 0, used = 0;
            std::string name;
            std::vector<uint8_t> p;
            while (frame::decode(b.substr(pos), used, name, p) == frame::Decoded::Frame) {
                pos += used;
                ++count;
            }
            return count >= n;
        };
    }

    std::string dir, path;
    hal_posix::IoWait io;
    std::unique_ptr<hal_posix::ProvBle> ble;
    std::vector<hal::ProvRequest> got;
    std::vector<uint32_t> closed;
};

TEST_F(Ble, WritesAreAnsweredOnTheSameCharacteristic) {
    RawClient c = RawClient::unix_socket(path);
    ASSERT_TRUE(c.ok());
    ASSERT_TRUE(c.send(frame::encode("prov-config", {9, 8})));
    std::string r = c.read(pumper(), frames(1));
    EXPECT_EQ(r, frame::encode("prov-config", {'o', 'k', 9, 8}));
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].endpoint, "prov-config");
}

TEST_F(Ble, OneSessionPerLinkAndClosesAreReported) {
    RawClient a = RawClient::unix_socket(path), b = RawClient::unix_socket(path);
    a.send(frame::encode("prov-session", {1}) + frame::encode("prov-config", {2}));
    a.read(pumper(), frames(2));
    b.send(frame::encode("prov-session", {3}));
    b.read(pumper(), frames(1));
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(got[0].session, got[1].session);
    EXPECT_NE(got[0].session, got[2].session);
    b.close();
    for (int i = 0; i < 200 && closed.empty(); ++i) {
        pump();
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    EXPECT_EQ(closed, std::vector<uint32_t>{got[2].session});
}

TEST_F(Ble, UnknownCharacteristicOrEmptyWriteGetsTheErrorAnswer) {
    RawClient c = RawClient::unix_socket(path);
    c.send(frame::encode("prov-secret", {1}));
    EXPECT_EQ(c.read(pumper(), frames(1)), frame::encode("prov-secret", {}));
    c.send(frame::encode("prov-config", {}));
    EXPECT_EQ(c.read(pumper(), frames(1)), frame::encode("prov-config", {}));
    c.send(frame::encode("prov-config", {7}));
    EXPECT_EQ(c.read(pumper(), frames(1)), frame::encode("prov-config", {'o', 'k', 7}));
    EXPECT_EQ(got.size(), 1u);
}

TEST_F(Ble, MalformedFramesEndTheLink) {
    const std::string bad[] = {u16(0) + u32(0), u16(200) + std::string(200, 'n') + u32(1) + "x",
                               u16(11) + "prov-config" + u32(100000)};
    for (const auto& b : bad) {
        RawClient c = RawClient::unix_socket(path);
        c.send(b);
        c.read(pumper(), [](const std::string&) { return false; });
        EXPECT_TRUE(c.closed_by_peer());
    }
    EXPECT_TRUE(got.empty());
    RawClient c = RawClient::unix_socket(path);
    c.send(frame::encode("prov-config", {1}));
    EXPECT_EQ(c.read(pumper(), frames(1)), frame::encode("prov-config", {'o', 'k', 1}));
}

TEST_F(Ble, StaleSocketFileIsReplacedAndRemovedOnStop) {
    ble->stop();
    struct stat st;
    EXPECT_NE(stat(path.c_str(), &st), 0);  // stop() removed it
    FILE* f = fopen(path.c_str(), "w");     // a leftover from a crashed boot
    ASSERT_NE(f, nullptr);
    fclose(f);
    ASSERT_EQ(ble->start("PROV_test", {"prov-config"}), hal::Status::Ok);
    RawClient c = RawClient::unix_socket(path);
    ASSERT_TRUE(c.ok());
}

}  // namespace
