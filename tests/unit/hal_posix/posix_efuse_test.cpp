// The eFuse file of the simulated chip: the anti-rollback counter holds what an ESP32's 32-bit
// thermometer field holds, 0..32, and no more.
#include "hal_posix/posix_efuse.h"

#include <gtest/gtest.h>

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
    ASSERT_TRUE(testsupport::write_file(path, R"({"mac":"24:0a:c4:01:02:03","device_secret":")" + std::string(64, '1') +
                                                  R"(","secure_version":33})"));
    hal_posix::PosixRng rng;
    std::string error;
    EXPECT_FALSE(hal_posix::PosixEfuse::open(path, rng, error));
    EXPECT_EQ(error, path + ": secure_version 33 is above 32, the most the anti-rollback field holds");
}

}  // namespace
