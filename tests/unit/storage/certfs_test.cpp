#include "firmware/storage/certfs.h"

#include <gtest/gtest.h>

#include "firmware/core/bytes.h"
#include "storage_test_util.h"

using fw::Err;
using fw::storage::CertFs;
using storage_test::bytes_of;
using storage_test::Part;

namespace {

// A PEM-like file of `len` bytes that differs with `seed`.
std::vector<uint8_t> pem(size_t len, uint64_t seed) {
    fake::SeededRng rng(seed);
    std::string body = "-----BEGIN CERTIFICATE-----\n";
    while (body.size() < len) body += storage_test::random_text(rng, 63) + "\n";
    body.resize(len);
    return bytes_of(body);
}

fw::Status put(CertFs& fs, const std::string& name, const std::vector<uint8_t>& data) {
    return fs.write(name, data.data(), data.size());
}

}  // namespace

class CertFsTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(fs.mount().ok()); }
    CertFs remount() {
        CertFs again(part.region);
        EXPECT_TRUE(again.mount().ok());
        return again;
    }
    Part part{16};  // 64 KiB
    CertFs fs{part.region};
};

TEST_F(CertFsTest, HoldsTheDeviceCredentials) {
    auto crt = pem(1400, 1), key = pem(250, 2), chain = pem(9000, 3);
    ASSERT_TRUE(put(fs, "device.crt", crt).ok());
    ASSERT_TRUE(put(fs, "device.key", key).ok());
    ASSERT_TRUE(put(fs, "server_chain.pem", chain).ok());
    CertFs again = remount();
    EXPECT_EQ(again.read("device.crt").value(), crt);
    EXPECT_EQ(again.read("device.key").value(), key);
    EXPECT_EQ(again.read("server_chain.pem").value(), chain);
    auto list = again.list();
    ASSERT_EQ(list.size(), 3u);
    EXPECT_EQ(list[0].name, "device.crt");
    EXPECT_EQ(list[0].size, 1400u);
    EXPECT_EQ(list[2].name, "server_chain.pem");
    EXPECT_EQ(list[2].size, 9000u);
}

TEST_F(CertFsTest, StatGivesSizeAndSha256) {
    ASSERT_TRUE(put(fs, "abc", bytes_of("abc")).ok());
    auto st = fs.stat("abc");
    ASSERT_TRUE(st.ok());
    EXPECT_EQ(st->size, 3u);
    // FIPS 180-2 test vector for "abc".
    const std::array<uint8_t, 32> want = {0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
                                          0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
                                          0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};
    EXPECT_EQ(st->sha256, want);
    EXPECT_EQ(fs.stat("nope").err(), Err::NotFound);
}

TEST_F(CertFsTest, ReplaceIsWholeFileAndFreesTheOldChunks) {
    ASSERT_TRUE(put(fs, "f", pem(5000, 1)).ok());
    size_t used_one = fs.log().used();
    size_t free_one = fs.free_space();
    ASSERT_TRUE(put(fs, "f", pem(5000, 2)).ok());
    EXPECT_EQ(fs.read("f").value(), pem(5000, 2));
    EXPECT_EQ(fs.log().used(), used_one) << "the old chunks are gone";
    EXPECT_EQ(fs.free_space(), free_one);
    ASSERT_TRUE(put(fs, "f", pem(100, 3)).ok());
    EXPECT_LT(fs.log().used(), used_one);
    EXPECT_EQ(remount().read("f").value(), pem(100, 3));
}

TEST_F(CertFsTest, RemoveAndEmptyFiles) {
    ASSERT_TRUE(put(fs, "empty", {}).ok());
    ASSERT_TRUE(put(fs, "gone", pem(2000, 1)).ok());
    ASSERT_TRUE(fs.remove("gone").ok());
    EXPECT_EQ(fs.remove("gone").err(), Err::NotFound);
    EXPECT_EQ(fs.read("gone").err(), Err::NotFound);
    CertFs again = remount();
    EXPECT_TRUE(again.read("empty").value().empty());
    ASSERT_EQ(again.list().size(), 1u);
    EXPECT_EQ(again.log().keys().size(), 1u) << "only the empty file's inode is left";
}

TEST_F(CertFsTest, FileNames) {
    std::vector<uint8_t> d = bytes_of("x");
    EXPECT_TRUE(put(fs, std::string(CertFs::kMaxName, 'n'), d).ok());
    EXPECT_EQ(put(fs, std::string(CertFs::kMaxName + 1, 'n'), d).err(), Err::InvalidArg);
    EXPECT_EQ(put(fs, "", d).err(), Err::InvalidArg);
    EXPECT_EQ(put(fs, "a/b", d).err(), Err::InvalidArg);
    EXPECT_EQ(put(fs, "a b", d).err(), Err::InvalidArg);
    EXPECT_EQ(fs.read("a/b").err(), Err::InvalidArg);
}

TEST_F(CertFsTest, NoSpaceLeavesTheOldFileAndFreesThePartialOne) {
    ASSERT_TRUE(put(fs, "keep", pem(20000, 1)).ok());
    ASSERT_TRUE(put(fs, "big", pem(20000, 2)).ok());
    size_t used = fs.log().used();
    EXPECT_LT(fs.free_space(), 20000u);
    EXPECT_EQ(put(fs, "big", pem(20000, 3)).err(), Err::NoSpace) << "a replace needs room for both copies";
    EXPECT_EQ(fs.log().used(), used);
    EXPECT_EQ(fs.read("big").value(), pem(20000, 2));
    ASSERT_TRUE(fs.remove("keep").ok());
    ASSERT_TRUE(put(fs, "big", pem(20000, 3)).ok());
    EXPECT_EQ(remount().read("big").value(), pem(20000, 3));
}

// A 40-byte inode record is all it takes to claim a 4 GiB file: the size read from flash must be
// bounded by the partition before anything is allocated for it.
TEST_F(CertFsTest, InodeClaimingMoreThanThePartitionIsCorrupt) {
    ASSERT_TRUE(put(fs, "device.crt", pem(1400, 1)).ok());
    for (uint32_t size : {0xFFFFFFFFu, static_cast<uint32_t>(fs.max_file_size() + 1)}) {
        fw::storage::FlashLog log(part.region);
        ASSERT_TRUE(log.mount().ok());
        uint8_t inode[40] = {};
        fw::put_le32(inode, 77);
        fw::put_le32(inode + 4, size);
        ASSERT_TRUE(log.write("Fhuge", inode, sizeof inode).ok());
        CertFs again = remount();
        EXPECT_EQ(again.stat("huge").err(), Err::Corrupt) << size;
        EXPECT_EQ(again.read("huge").err(), Err::Corrupt) << size;
        ASSERT_EQ(again.list().size(), 1u);
        EXPECT_EQ(again.list()[0].name, "device.crt");
        EXPECT_EQ(again.read("device.crt").value(), pem(1400, 1));
    }
    EXPECT_LE(fs.max_file_size(), part.region.size());
    EXPECT_EQ(put(fs, "big", pem(fs.max_file_size() + 1, 4)).err(), Err::TooLarge);
}

TEST_F(CertFsTest, DamagedChunkReadsAsCorrupt) {
    auto data = pem(3000, 9);
    ASSERT_TRUE(put(fs, "c", data).ok());
    auto& raw = part.flash.bytes();
    auto it = std::search(raw.begin(), raw.end(), data.begin() + 1000, data.begin() + 1040);
    ASSERT_NE(it, raw.end());
    *it ^= 0x20;
    EXPECT_EQ(fs.read("c").err(), Err::Corrupt);
    EXPECT_EQ(remount().read("c").err(), Err::Corrupt) << "the damaged chunk is dropped: the file is incomplete";
}

TEST_F(CertFsTest, ChunksOfAnInterruptedWriteAreRemovedAtMount) {
    ASSERT_TRUE(put(fs, "old", pem(3000, 1)).ok());
    size_t used = fs.log().used();
    part.flash.cut_power_after(20);  // some chunks of the new file, not its inode
    EXPECT_EQ(put(fs, "new", pem(5000, 2)).err(), Err::PowerLost);
    part.flash.cut_power_after(0);
    CertFs again = remount();
    EXPECT_EQ(again.log().used(), used);
    EXPECT_EQ(again.read("new").err(), Err::NotFound);
    EXPECT_EQ(again.read("old").value(), pem(3000, 1));
}
