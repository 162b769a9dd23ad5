// The programs in flash cannot change the bootloader or the partition table (finding: the app
// could rewrite 0x1000, the root of the boot chain).
#include "hal_posix/protected_flash.h"

#include <gtest/gtest.h>

#include "fake_hal/fake_hal.h"
#include "hal_posix/nor_flash.h"

using hal::Status;

namespace {

struct Guarded {
    hal_posix::MemFlash mem{0x20000};
    fake::RecordingLog log;
    hal_posix::ProtectedFlash flash{mem, log};
};

}  // namespace

TEST(ProtectedFlash, BootloaderAndPartitionTableCannotBeWrittenOrErased) {
    Guarded g;
    uint8_t zero = 0;
    EXPECT_EQ(g.flash.write(0x1000, &zero, 1), Status::WriteProtected);
    EXPECT_EQ(g.flash.write(0x10FFF, &zero, 1), Status::WriteProtected);
    EXPECT_EQ(g.flash.write(0x10FF0, std::vector<uint8_t>(32, 0).data(), 32), Status::WriteProtected);
    EXPECT_EQ(g.flash.erase_sector(0x1000), Status::WriteProtected);
    EXPECT_EQ(g.flash.erase_sector(0x10000), Status::WriteProtected);
    for (uint32_t s = 0; s < 17; ++s) EXPECT_EQ(g.mem.sector(s).writes + g.mem.sector(s).erases, 0u);
    EXPECT_EQ(g.mem.bytes()[0x1000], 0xFF);
    EXPECT_TRUE(g.log.contains("flash: write at 0x1000 refused: the bootloader and partition table"));
    EXPECT_TRUE(g.log.contains("flash: erase at 0x10000 refused"));
}

TEST(ProtectedFlash, PartitionsAfterTheTableAreWritableAndEverythingReadable) {
    Guarded g;
    uint8_t zero = 0, out = 1;
    EXPECT_EQ(g.flash.erase_sector(0x11000), Status::Ok);
    EXPECT_EQ(g.flash.write(0x11000, &zero, 1), Status::Ok);
    EXPECT_EQ(g.flash.read(0x1000, &out, 1), Status::Ok);
    EXPECT_EQ(out, 0xFF);
    EXPECT_EQ(g.flash.size(), 0x20000u);
    EXPECT_TRUE(g.log.lines.empty());
}
