// The eFuse file is read at every power-on: a damaged or hand-edited one is refused with a
// reason, never aborts the chip (the bad inputs below were found by efuse_file_fuzz), and the
// anti-rollback counter holds what an ESP32's 32-bit thermometer field holds, 0..32, and no more.
#include "hal_posix/posix_efuse.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "fake_hal/fake_hal.h"
#include "hal_posix/posix_rng.h"
#include "support/temp_dir.h"

namespace {

TEST(PosixEfuse, AntiRollbackCounterStopsAt32) {
    testsupport::TempDir dir("efuse");
    ASSERT_TRUE(dir.ok());
    hal_posix::PosixRng rng;
    std::string error, path = dir.path() + "/efuse.json";
    auto e = hal_posix::PosixEfuse::open(path, rng, error);
    ASSERT_TRUE(e) << error;
    EXPECT_EQ(e->raise_secure_version(33), hal::Status::Io);
    EXPECT_EQ(e->secure_version(), 0u);
    EXPECT_EQ(e->raise_secure_version(32), hal::Status::Ok);
    EXPECT_EQ(e->secure_version(), 32u);
    auto again = hal_posix::PosixEfuse::open(path, rng, error);
    ASSERT_TRUE(again) << error;
    EXPECT_EQ(again->secure_version(), 32u);
}

TEST(PosixEfuse, FileWithACounterAbove32IsRefused) {
    testsupport::TempDir dir("efuse");
    ASSERT_TRUE(dir.ok());
    std::string path = dir.path() + "/efuse.json";
    ASSERT_TRUE(testsupport::write_file(
        path, R"({"mac":"24:0a:c4:01:02:03","device_secret":")" + std::string(64, '1') + R"(","secure_version":33})"));
    hal_posix::PosixRng rng;
    std::string error;
    EXPECT_FALSE(hal_posix::PosixEfuse::open(path, rng, error));
    EXPECT_EQ(error, path + ": secure_version 33 is above 32, the most the anti-rollback field holds");
}

const std::string kSecret(64, 'a');

class EfuseFile : public ::testing::Test {
protected:
    // Opens a file holding `text`; null (with `error` set) when refused.
    std::unique_ptr<hal_posix::PosixEfuse> open(const std::string& text) {
        { std::ofstream(path) << text; }
        error.clear();
        return hal_posix::PosixEfuse::open(path, rng, error);
    }

    testsupport::TempDir dir{"efuse"};
    std::string path = dir.path() + "/efuse.json";
    fake::SeededRng rng;
    std::string error;
};

TEST_F(EfuseFile, ValidFileIsRead) {
    auto e = open(R"({"mac":"24:0a:c4:12:34:56","device_secret":")" + kSecret + R"(","secure_version":3})");
    ASSERT_NE(e, nullptr) << error;
    EXPECT_EQ(e->secure_version(), 3u);
    uint8_t mac[6];
    e->mac(mac);
    EXPECT_EQ(mac[5], 0x56);
    uint8_t digest[32];
    EXPECT_FALSE(e->key_digest(digest));
}

TEST_F(EfuseFile, MemberOfAnotherTypeIsRefused) {
    // {"mac":1}: json::value("mac", "") threw, and the uncaught exception aborted the chip.
    const uint8_t crash[] = {0x7b, 0x22, 0x6d, 0x61, 0x63, 0x22, 0x3a, 0x31, 0x7d};
    EXPECT_EQ(open(std::string(reinterpret_cast<const char*>(crash), sizeof crash)), nullptr);
    EXPECT_NE(error.find("not an eFuse file"), std::string::npos) << error;
    EXPECT_EQ(open(R"({"mac":"240ac4123456","device_secret":[1]})"), nullptr);
    EXPECT_NE(error.find("not an eFuse file"), std::string::npos) << error;
}

TEST_F(EfuseFile, SecureVersionMustBeAnUnsignedInteger) {
    const std::string head = R"({"mac":"240ac4123456","device_secret":")" + kSecret + R"(","secure_version":)";
    for (const char* bad : {"\"3\"", "null", "-1", "1.5", "4294967296"}) {
        EXPECT_EQ(open(head + bad + "}"), nullptr) << bad;
        EXPECT_NE(error.find("secure_version"), std::string::npos) << bad << ": " << error;
    }
    EXPECT_NE(open(head + "32}"), nullptr) << error;
}

TEST_F(EfuseFile, KeyDigestMustBeHexText) {
    const std::string head = R"({"mac":"240ac4123456","device_secret":")" + kSecret + R"(","key_digest":)";
    EXPECT_EQ(open(head + "7}"), nullptr);
    EXPECT_NE(error.find("key_digest"), std::string::npos) << error;
    auto none = open(head + "\"\"}");  // empty: no key burned
    ASSERT_NE(none, nullptr) << error;
    uint8_t digest[32];
    EXPECT_FALSE(none->key_digest(digest));
}

}  // namespace
