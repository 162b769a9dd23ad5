// The counting allocator's split of the heap between the firmware and the host's simulation:
// blocks belong to whoever owned the thread when they were allocated, whoever frees them, and
// PosixSystem reports the firmware's share.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <random>
#include <vector>

#include "fake_hal/fake_hal.h"
#include "hal_posix/heap_count.h"
#include "hal_posix/heap_scope.h"
#include "hal_posix/posix_system.h"

namespace {

using hal_posix::FirmwareHeap;
using hal_posix::HostHeap;

size_t firmware_bytes() { return heap_count_firmware().bytes; }

// Allocates through a pointer the compiler cannot see through: a malloc/free pair it can see
// whole may be left out.
void* (*volatile allocate)(size_t) = std::malloc;

TEST(HeapCount, FirmwareBlocksLeaveItsCountWhoeverFreesThem) {
    const size_t before = firmware_bytes();
    void* fw_block = nullptr;
    void* host_block = nullptr;
    {
        FirmwareHeap firmware;
        fw_block = allocate(1000);
        {
            HostHeap host;  // a call into the simulation from the firmware
            host_block = allocate(3000);
        }
    }
    EXPECT_GE(firmware_bytes(), before + 1000);
    EXPECT_LT(firmware_bytes(), before + 3000) << "the simulation's block counted as the firmware's";
    std::free(fw_block);  // freed by the host
    EXPECT_EQ(firmware_bytes(), before);
    {
        FirmwareHeap firmware;
        std::free(host_block);  // freed by the firmware: never was its own
    }
    EXPECT_EQ(firmware_bytes(), before);
}

TEST(HeapCount, ReallocMovesTheBlockToItsNewSize) {
    const size_t before = firmware_bytes();
    FirmwareHeap firmware;
    void* p = allocate(100);
    p = std::realloc(p, 20000);
    EXPECT_GE(firmware_bytes(), before + 20000);
    std::free(p);
    EXPECT_EQ(firmware_bytes(), before);
}

// A hundred thousand live blocks (the table grows from 1024 slots) freed in random order: the table
// finds every one (deletion keeps the probe runs whole) and the count ends where it started.
TEST(HeapCount, ManyBlocksFreedInAnyOrderAreAllFound) {
    const size_t before = firmware_bytes();
    const size_t blocks_before = heap_count_firmware().blocks;
    std::vector<void*> live;
    live.reserve(100000);  // the vector's own buffer is the test's, not counted as firmware
    {
        FirmwareHeap firmware;
        for (int i = 0; i < 100000; ++i) live.push_back(allocate(static_cast<size_t>(16 + i % 200)));
    }
    EXPECT_EQ(heap_count_firmware().blocks, blocks_before + live.size());
    EXPECT_EQ(heap_count_firmware().untracked, 0u);
    std::shuffle(live.begin(), live.end(), std::mt19937(7));
    for (void* p : live) std::free(p);
    EXPECT_EQ(firmware_bytes(), before);
    EXPECT_EQ(heap_count_firmware().blocks, blocks_before);
}

TEST(HeapCount, PeakIsTheHighestLevelSinceTheReset) {
    heap_count_reset_firmware_peak();
    const size_t before = firmware_bytes();
    FirmwareHeap firmware;
    void* p = allocate(50000);
    std::free(p);
    EXPECT_GE(heap_count_firmware().peak, before + 50000);
    EXPECT_EQ(firmware_bytes(), before);
}

TEST(HeapCount, PosixSystemReportsTheFirmwaresShare) {
    fake::RecordingLog log;
    hal_posix::PosixSystem system(hal_posix::ChipEnv{}, log);
    void* p = nullptr;
    {
        FirmwareHeap firmware;
        p = allocate(40000);
    }
    EXPECT_EQ(system.firmware_heap(), firmware_bytes());
    EXPECT_GE(system.firmware_heap(), 40000u);
    EXPECT_GE(system.firmware_heap_peak(), system.firmware_heap());
    std::free(p);
}

}  // namespace
