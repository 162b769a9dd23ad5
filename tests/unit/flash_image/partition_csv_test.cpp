#include "tools/src/fwtool/partition_csv.h"

#include <gtest/gtest.h>

#include "image_fixtures.h"

using fwtool::parse_partition_csv;

namespace {

constexpr uint64_t k4M = 4 << 20;

std::string error_of(const std::string& csv, uint64_t flash = k4M) {
    return parse_partition_csv(csv, "t.csv", flash).error;
}

}  // namespace

TEST(PartitionCsv, DefaultLayoutParses) {
    auto r = parse_partition_csv(fixtures::read_text(PARTITIONS_CSV), "partitions.csv", k4M);
    ASSERT_EQ(r.error, "");
    ASSERT_EQ(r.partitions.size(), 6u);
    EXPECT_EQ(r.partitions[0].label, "nvs");
    EXPECT_EQ(r.partitions[0].offset, 0x11000u);
    EXPECT_EQ(r.partitions[1].subtype, 0x00);  // otadata
    EXPECT_EQ(r.partitions[3].subtype, 0x10);  // ota_0
    EXPECT_EQ(r.partitions[4].subtype, 0x11);  // ota_1
    EXPECT_EQ(r.partitions[5].subtype, 0x82);  // spiffs
    EXPECT_EQ(r.partitions[5].label, "storage");
}

TEST(PartitionCsv, BlankOffsetsFollowPreviousWithAlignment) {
    auto r = parse_partition_csv(
        "# comment\n"
        "nvs, data, nvs, , 0x5000\n"          // 0x11000
        "otadata, data, ota, , 8K\n"          // 0x16000
        "app0, app, ota_0, , 1M\n"            // next 64K boundary: 0x20000
        "blob, 0x40, 0x01, , 4K, readonly\n"  // custom type, data alignment
        "app1, app, ota_1, , 1M\n",
        "t.csv", k4M);
    ASSERT_EQ(r.error, "");
    EXPECT_EQ(r.partitions[0].offset, 0x11000u);
    EXPECT_EQ(r.partitions[1].offset, 0x16000u);
    EXPECT_EQ(r.partitions[2].offset, 0x20000u);
    EXPECT_EQ(r.partitions[2].size, 0x100000u);
    EXPECT_EQ(r.partitions[3].offset, 0x120000u);
    EXPECT_EQ(r.partitions[3].type, 0x40);
    EXPECT_EQ(r.partitions[3].flags, 2u);
    EXPECT_EQ(r.partitions[4].offset, 0x130000u);
}

TEST(PartitionCsv, RejectsBadTablesNamingTheLine) {
    EXPECT_EQ(error_of("nvs, data, nvs, 0x11000, 0x6000\nphy, data, phy, 0x12000, 0x1000\n"),
              "t.csv:2: 'phy' at 0x12000 overlaps the previous partition (which ends at 0x17000)");
    EXPECT_EQ(error_of("nvs, data, nvs, 0x11000, 0x6000\napp, app, factory, 0x18000, 1M\n"),
              "t.csv:2: offset 0x18000 of 'app' is not aligned to 0x10000");
    EXPECT_EQ(error_of("nvs, data, nvx, 0x11000, 0x6000\n"), "t.csv:1: unknown subtype 'nvx' for type 'data'");
    EXPECT_EQ(error_of("a, data, nvs, 0x11000, 0x1000\n# x\na, data, phy, 0x12000, 0x1000\n"),
              "t.csv:3: duplicate partition name 'a' (first on line 1)");
    EXPECT_EQ(error_of("o1, data, ota, 0x11000, 0x2000\no2, data, ota, 0x13000, 0x2000\n"),
              "t.csv:2: second otadata partition 'o2' (first on line 1)");
    EXPECT_EQ(error_of("big, app, ota_0, 0x20000, 4M\n"),
              "t.csv:1: 'big' ends at 0x420000, past the end of the 0x400000-byte flash");
    EXPECT_EQ(error_of("o, data, ota, 0x11000, 0x1000\n"),
              "t.csv:1: otadata partition must be exactly 0x2000 bytes, not 0x1000");
    EXPECT_EQ(error_of("early, data, nvs, 0x9000, 0x1000\n"),
              "t.csv:1: 'early' at 0x9000 overlaps the bootloader or partition table (first free offset 0x11000)");
    EXPECT_EQ(error_of("averyveryverylongname, data, nvs, , 4K\n"),
              "t.csv:1: name 'averyveryverylongname' must be 1..16 characters");
    EXPECT_EQ(error_of("x, blob, nvs, , 4K\n"), "t.csv:1: unknown type 'blob'");
    EXPECT_EQ(error_of("x, data, nvs, , 4K, shiny\n"), "t.csv:1: unknown flag in 'shiny'");
    EXPECT_EQ(error_of("x, data, nvs\n"), "t.csv:1: expected 'Name, Type, SubType, Offset, Size[, Flags]'");
    EXPECT_EQ(error_of("x, data, nvs, , 0x1800\n"), "t.csv:1: size 0x1800 of 'x' is not a multiple of 0x1000");
    EXPECT_EQ(error_of("a, app, ota_0, , 64K\nb, app, ota_0, , 64K\n"), "t.csv:2: app subtype 'ota_0' used twice");
    EXPECT_EQ(error_of("# only comments\n"), "t.csv:1: no partitions");
}

TEST(PartitionCsv, SmallerFlashMovesTheEndCheck) {
    std::string csv = fixtures::read_text(PARTITIONS_CSV);
    EXPECT_EQ(error_of(csv, 2 << 20).substr(0, 17), "t.csv:7: 'ota_1' ");
}
