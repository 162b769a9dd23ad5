#include "hal_posix/nor_flash.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <vector>

#include "hal_posix/file_flash.h"

using hal::Status;
using hal_posix::MemFlash;

TEST(NorFlash, ErasedFlashReadsFF) {
    MemFlash f(4 * 4096);
    std::vector<uint8_t> b(4096);
    ASSERT_EQ(f.read(4096, b.data(), b.size()), Status::Ok);
    for (uint8_t v : b) EXPECT_EQ(v, 0xFF);
}

TEST(NorFlash, WriteCanOnlyClearBits) {
    MemFlash f(4096);
    uint8_t a = 0xF0, b = 0x3C, out = 0;
    ASSERT_EQ(f.write(10, &a, 1), Status::Ok);
    ASSERT_EQ(f.write(10, &b, 1), Status::Ok);
    ASSERT_EQ(f.read(10, &out, 1), Status::Ok);
    EXPECT_EQ(out, 0x30);  // 0xF0 & 0x3C
    uint8_t ff = 0xFF;
    ASSERT_EQ(f.write(10, &ff, 1), Status::Ok);
    ASSERT_EQ(f.read(10, &out, 1), Status::Ok);
    EXPECT_EQ(out, 0x30) << "writing 0xFF must not set bits back";
}

TEST(NorFlash, EraseWorksOnWholeAlignedSectorsOnly) {
    MemFlash f(3 * 4096);
    std::vector<uint8_t> zeros(3 * 4096, 0);
    ASSERT_EQ(f.write(0, zeros.data(), zeros.size()), Status::Ok);
    EXPECT_EQ(f.erase_sector(100), Status::Unaligned);
    ASSERT_EQ(f.erase_sector(4096), Status::Ok);
    std::vector<uint8_t> b(3 * 4096);
    ASSERT_EQ(f.read(0, b.data(), b.size()), Status::Ok);
    EXPECT_EQ(b[4095], 0x00);
    EXPECT_EQ(b[4096], 0xFF);
    EXPECT_EQ(b[8191], 0xFF);
    EXPECT_EQ(b[8192], 0x00);
    EXPECT_EQ(f.sector(1).erases, 1u);
    EXPECT_EQ(f.sector(0).erases, 0u);
}

TEST(NorFlash, OutOfRangeTouchesNothing) {
    MemFlash f(4096);
    uint8_t b[8] = {};
    EXPECT_EQ(f.read(4090, b, 8), Status::OutOfRange);
    EXPECT_EQ(f.write(4090, b, 8), Status::OutOfRange);
    EXPECT_EQ(f.erase_sector(4096), Status::OutOfRange);
    EXPECT_EQ(f.write(UINT32_MAX, b, 8), Status::OutOfRange);
    uint8_t last = 0;
    ASSERT_EQ(f.read(4095, &last, 1), Status::Ok);
    EXPECT_EQ(last, 0xFF);
}

TEST(NorFlash, CountersPerSector) {
    MemFlash f(2 * 4096);
    uint8_t b[16] = {};
    ASSERT_EQ(f.write(4090, b, 16), Status::Ok);  // spans sectors 0 and 1
    ASSERT_EQ(f.read(0, b, 4), Status::Ok);
    EXPECT_EQ(f.sector(0).writes, 1u);
    EXPECT_EQ(f.sector(1).writes, 1u);
    EXPECT_EQ(f.sector(0).reads, 1u);
    EXPECT_EQ(f.sector(1).reads, 0u);
    EXPECT_EQ(f.mutating_ops(), 1u);
}

TEST(NorFlashFault, CutDuringWriteLeavesPartialDataThenEverythingFails) {
    MemFlash f(4096);
    f.cut_power_after(2);
    uint8_t a[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    ASSERT_EQ(f.write(0, a, 8), Status::Ok);
    EXPECT_EQ(f.write(8, a, 8), Status::PowerLost);
    EXPECT_TRUE(f.power_lost());
    EXPECT_EQ(f.read(0, a, 1), Status::PowerLost);
    EXPECT_EQ(f.erase_sector(0), Status::PowerLost);
    // What reached the array: the first write whole, half of the second.
    auto& mem = f.bytes();
    for (int i = 0; i < 12; ++i) EXPECT_EQ(mem[i], 0x00) << i;
    for (int i = 12; i < 16; ++i) EXPECT_EQ(mem[i], 0xFF) << i;
}

TEST(NorFlashFault, CutDuringEraseLeavesSectorHalfErased) {
    MemFlash f(4096);
    std::vector<uint8_t> zeros(4096, 0);
    ASSERT_EQ(f.write(0, zeros.data(), zeros.size()), Status::Ok);
    f.cut_power_after(1);
    EXPECT_EQ(f.erase_sector(0), Status::PowerLost);
    auto& mem = f.bytes();
    EXPECT_EQ(mem[0], 0xFF);
    EXPECT_EQ(mem[2047], 0xFF);
    EXPECT_EQ(mem[2048], 0x00);
    EXPECT_EQ(mem[4095], 0x00);
}

TEST(NorFlashFault, RemountAfterCutSeesWhatWasWritten) {
    MemFlash f(4096);
    uint8_t v = 0x12;
    f.cut_power_after(1);
    EXPECT_EQ(f.write(0, &v, 1), Status::PowerLost);  // a 1-byte write cut at half: nothing lands
    f.cut_power_after(0);                             // power back on
    uint8_t out = 0;
    ASSERT_EQ(f.read(0, &out, 1), Status::Ok);
    EXPECT_EQ(out, 0xFF);
    ASSERT_EQ(f.write(0, &v, 1), Status::Ok);
    ASSERT_EQ(f.read(0, &out, 1), Status::Ok);
    EXPECT_EQ(out, 0x12);
}

TEST(FileFlash, PersistsAcrossOpensAndRejectsBadSizes) {
    std::string path = ::testing::TempDir() + "/ff_test.bin";
    {
        std::ofstream o(path, std::ios::binary | std::ios::trunc);
        std::vector<char> ff(2 * 4096, static_cast<char>(0xFF));
        o.write(ff.data(), static_cast<std::streamsize>(ff.size()));
    }
    std::string err;
    {
        auto f = hal_posix::FileFlash::open(path, err);
        ASSERT_NE(f, nullptr) << err;
        EXPECT_EQ(f->size(), 8192u);
        uint8_t v = 0x5A;
        ASSERT_EQ(f->write(5000, &v, 1), Status::Ok);
    }
    {
        auto f = hal_posix::FileFlash::open(path, err);
        ASSERT_NE(f, nullptr) << err;
        uint8_t out = 0;
        ASSERT_EQ(f->read(5000, &out, 1), Status::Ok);
        EXPECT_EQ(out, 0x5A);
    }
    {
        std::ofstream o(path, std::ios::binary | std::ios::app);
        o.put('x');
    }
    EXPECT_EQ(hal_posix::FileFlash::open(path, err), nullptr);
    EXPECT_NE(err.find("whole number of 4 KiB sectors"), std::string::npos) << err;
    EXPECT_EQ(hal_posix::FileFlash::open(path + ".missing", err), nullptr);
    std::remove(path.c_str());
}

TEST(NorFlash, ChangeAfterReadSwapsTheContentOnceTheByteWasRead) {
    MemFlash f(2 * 4096);
    f.change_after_read(5000, std::vector<uint8_t>(2 * 4096, 0x11));
    uint8_t b[8];
    ASSERT_EQ(f.read(0, b, sizeof b), Status::Ok);  // does not reach 5000: nothing changes
    EXPECT_EQ(f.bytes()[0], 0xFF);
    ASSERT_EQ(f.read(4996, b, sizeof b), Status::Ok);  // returns the old bytes, then the flash changes
    EXPECT_EQ(b[7], 0xFF);
    EXPECT_EQ(f.bytes()[0], 0x11);
    f.bytes()[0] = 0x22;
    ASSERT_EQ(f.read(5000, b, 1), Status::Ok);  // once only
    EXPECT_EQ(f.bytes()[0], 0x22);
}
