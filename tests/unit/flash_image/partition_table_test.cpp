#include "firmware/storage/partition_table.h"

#include <gtest/gtest.h>

#include "image_fixtures.h"
#include "tools/src/fwtool/partition_csv.h"

namespace fs = fw::storage;

TEST(PartitionTable, DefaultCsvSerializesByteForByteLikeEspIdf) {
    auto r = fwtool::parse_partition_csv(fixtures::read_text(PARTITIONS_CSV), "partitions.csv", 4 << 20);
    ASSERT_EQ(r.error, "");
    std::vector<uint8_t> ours = fs::PartitionTable(r.partitions).serialize();
    std::vector<uint8_t> fixture = fixtures::read_bytes(std::string(FIXTURE_DIR) + "/partitions.bin");
    ASSERT_EQ(fixture.size(), 0xC00u);
    EXPECT_EQ(ours, fixture);
}

TEST(PartitionTable, ParsesTheFixtureAndFindsPartitions) {
    auto bin = fixtures::read_bytes(std::string(FIXTURE_DIR) + "/partitions.bin");
    auto t = fs::PartitionTable::parse(bin.data(), bin.size(), 4 << 20);
    ASSERT_TRUE(t.ok());
    ASSERT_EQ(t->partitions().size(), 6u);
    ASSERT_NE(t->find("storage"), nullptr);
    EXPECT_EQ(t->find("storage")->subtype, fs::subtype::kSpiffs);
    ASSERT_NE(t->find(fs::PartType::Data, fs::subtype::kNvs), nullptr);
    EXPECT_EQ(t->find(fs::PartType::Data, fs::subtype::kNvs)->offset, 0x11000u);
    auto slots = t->ota_slots();
    ASSERT_EQ(slots.size(), 2u);
    EXPECT_EQ(slots[0]->label, "ota_0");
    EXPECT_EQ(slots[1]->label, "ota_1");
    EXPECT_EQ(t->find("missing"), nullptr);
}

TEST(PartitionTable, RejectsCorruption) {
    auto bin = fixtures::read_bytes(std::string(FIXTURE_DIR) + "/partitions.bin");
    auto flipped = bin;
    flipped[40] ^= 0x01;  // a byte of the otadata entry: MD5 no longer matches
    EXPECT_EQ(fs::PartitionTable::parse(flipped.data(), flipped.size(), 0).err(), fw::Err::Corrupt);
    auto bad_magic = bin;
    bad_magic[32] = 0x00;
    EXPECT_EQ(fs::PartitionTable::parse(bad_magic.data(), bad_magic.size(), 0).err(), fw::Err::Corrupt);
    auto no_md5 = bin;
    std::fill(no_md5.begin() + 6 * 32, no_md5.end(), 0xFF);
    EXPECT_EQ(fs::PartitionTable::parse(no_md5.data(), no_md5.size(), 0).err(), fw::Err::Corrupt);
    std::vector<uint8_t> blank(0xC00, 0xFF);
    EXPECT_EQ(fs::PartitionTable::parse(blank.data(), blank.size(), 0).err(), fw::Err::NotFound);
    // A table that describes more flash than the chip has.
    EXPECT_EQ(fs::PartitionTable::parse(bin.data(), bin.size(), 2 << 20).err(), fw::Err::Corrupt);
}

TEST(PartitionTable, ReadsFromFlashAtTheTableOffset) {
    hal_posix::MemFlash flash(4 << 20);
    fixtures::put(flash, fs::kPartitionTableOffset, fixtures::read_bytes(std::string(FIXTURE_DIR) + "/partitions.bin"));
    auto t = fs::PartitionTable::read(flash);
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(t->partitions().back().offset, 0x3A0000u);
}
