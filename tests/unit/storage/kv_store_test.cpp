#include "firmware/storage/kv_store.h"

#include <gtest/gtest.h>

#include <limits>

#include "storage_test_util.h"

using fw::Err;
using fw::storage::KvHandle;
using fw::storage::KvMode;
using fw::storage::KvStore;
using fw::storage::KvType;
using storage_test::Part;

namespace {

KvHandle open_rw(KvStore& kv, const char* ns) {
    auto h = kv.open(ns);
    EXPECT_TRUE(h.ok());
    return std::move(h).value();
}

}  // namespace

class KvStoreTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(kv.mount().ok()); }
    // A second store over the same flash, as after a reboot.
    KvStore remount() {
        KvStore again(part.region);
        EXPECT_TRUE(again.mount().ok());
        return again;
    }
    Part part{4};  // a small nvs partition (0x4000)
    KvStore kv{part.region};
};

TEST_F(KvStoreTest, IntegersRoundTripAtTheirLimits) {
    KvHandle h = open_rw(kv, "ints");
    ASSERT_TRUE(h.set_u8("u8", 0xFF).ok());
    ASSERT_TRUE(h.set_i8("i8", -128).ok());
    ASSERT_TRUE(h.set_u16("u16", 0xFFFF).ok());
    ASSERT_TRUE(h.set_i16("i16", -32768).ok());
    ASSERT_TRUE(h.set_u32("u32", 0xFFFFFFFFu).ok());
    ASSERT_TRUE(h.set_i32("i32", std::numeric_limits<int32_t>::min()).ok());
    ASSERT_TRUE(h.set_u64("u64", std::numeric_limits<uint64_t>::max()).ok());
    ASSERT_TRUE(h.set_i64("i64", std::numeric_limits<int64_t>::min()).ok());
    ASSERT_TRUE(h.set_i32("neg1", -1).ok());
    ASSERT_TRUE(h.commit().ok());

    KvStore again = remount();
    auto r = again.open("ints", KvMode::ReadOnly);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->get_u8("u8").value(), 0xFF);
    EXPECT_EQ(r->get_i8("i8").value(), -128);
    EXPECT_EQ(r->get_u16("u16").value(), 0xFFFF);
    EXPECT_EQ(r->get_i16("i16").value(), -32768);
    EXPECT_EQ(r->get_u32("u32").value(), 0xFFFFFFFFu);
    EXPECT_EQ(r->get_i32("i32").value(), std::numeric_limits<int32_t>::min());
    EXPECT_EQ(r->get_u64("u64").value(), std::numeric_limits<uint64_t>::max());
    EXPECT_EQ(r->get_i64("i64").value(), std::numeric_limits<int64_t>::min());
    EXPECT_EQ(r->get_i32("neg1").value(), -1);
}

TEST_F(KvStoreTest, StringsAndBlobsUpToTheirLimits) {
    KvHandle h = open_rw(kv, "data");
    std::string longest(KvStore::kMaxStr, 's');
    std::vector<uint8_t> blob(KvStore::kMaxBlob);
    for (size_t i = 0; i < blob.size(); ++i) blob[i] = static_cast<uint8_t>(i * 7);
    ASSERT_TRUE(h.set_str("empty", "").ok());
    ASSERT_TRUE(h.set_str("long", longest).ok());
    ASSERT_TRUE(h.set_blob("blob", blob.data(), blob.size()).ok());
    EXPECT_EQ(h.set_str("toolong", std::string(KvStore::kMaxStr + 1, 's')).err(), Err::TooLarge);
    EXPECT_EQ(h.set_blob("toobig", blob.data(), KvStore::kMaxBlob + 1).err(), Err::TooLarge);
    ASSERT_TRUE(h.commit().ok());

    KvStore again = remount();
    KvHandle r = open_rw(again, "data");
    EXPECT_EQ(r.get_str("empty").value(), "");
    EXPECT_EQ(r.get_str("long").value(), longest);
    EXPECT_EQ(r.get_blob("blob").value(), blob);
    EXPECT_EQ(r.get_str("toolong").err(), Err::NotFound);
}

TEST_F(KvStoreTest, TypeMismatchAndMissingKeysAreDistinctErrors) {
    KvHandle h = open_rw(kv, "t");
    ASSERT_TRUE(h.set_u32("n", 5).ok());
    ASSERT_TRUE(h.set_str("s", "x").ok());
    ASSERT_TRUE(h.commit().ok());
    EXPECT_EQ(h.get_u8("n").err(), Err::InvalidArg);
    EXPECT_EQ(h.get_i32("n").err(), Err::InvalidArg);
    EXPECT_EQ(h.get_blob("s").err(), Err::InvalidArg);
    EXPECT_EQ(h.get_u32("missing").err(), Err::NotFound);
    EXPECT_EQ(h.type_of("s").value(), KvType::Str);
    // A set of another type replaces the key, as in ESP-IDF.
    ASSERT_TRUE(h.set_str("n", "now a string").ok());
    ASSERT_TRUE(h.commit().ok());
    EXPECT_EQ(h.get_str("n").value(), "now a string");
    EXPECT_EQ(h.get_u32("n").err(), Err::InvalidArg);
}

TEST_F(KvStoreTest, NamesAreLimitedTo15Bytes) {
    EXPECT_EQ(kv.open("").err(), Err::InvalidArg);
    EXPECT_EQ(kv.open(std::string(16, 'n')).err(), Err::InvalidArg);
    KvHandle h = open_rw(kv, "fifteen_chars_x");
    EXPECT_TRUE(h.set_u8(std::string(15, 'k'), 1).ok());
    EXPECT_EQ(h.set_u8(std::string(16, 'k'), 1).err(), Err::InvalidArg);
    EXPECT_EQ(h.set_u8("", 1).err(), Err::InvalidArg);
    EXPECT_EQ(h.set_u8(std::string("a\0b", 3), 1).err(), Err::InvalidArg);
    ASSERT_TRUE(h.commit().ok());
}

TEST_F(KvStoreTest, NamespacesAreSeparate) {
    KvHandle a = open_rw(kv, "wifi");
    KvHandle b = open_rw(kv, "wifi2");
    ASSERT_TRUE(a.set_str("ssid", "home").ok());
    ASSERT_TRUE(b.set_str("ssid", "office").ok());
    ASSERT_TRUE(a.commit().ok());
    ASSERT_TRUE(b.commit().ok());
    ASSERT_TRUE(a.erase_all().ok());
    ASSERT_TRUE(a.commit().ok());
    EXPECT_EQ(a.get_str("ssid").err(), Err::NotFound);
    EXPECT_EQ(b.get_str("ssid").value(), "office");
    EXPECT_EQ(kv.open("wifi", KvMode::ReadOnly).err(), Err::NotFound);
}

TEST_F(KvStoreTest, UncommittedChangesAreVisibleOnlyToTheirHandleAndLostOnReboot) {
    KvHandle w = open_rw(kv, "cfg");
    ASSERT_TRUE(w.set_u16("port", 1883).ok());
    ASSERT_TRUE(w.commit().ok());
    ASSERT_TRUE(w.set_u16("port", 8883).ok());
    ASSERT_TRUE(w.set_str("host", "broker").ok());
    EXPECT_EQ(w.get_u16("port").value(), 8883);
    KvHandle other = open_rw(kv, "cfg");
    EXPECT_EQ(other.get_u16("port").value(), 1883);
    EXPECT_EQ(other.get_str("host").err(), Err::NotFound);

    KvStore rebooted = remount();  // power lost before commit
    KvHandle r = open_rw(rebooted, "cfg");
    EXPECT_EQ(r.get_u16("port").value(), 1883);
    EXPECT_EQ(r.get_str("host").err(), Err::NotFound);

    ASSERT_TRUE(w.commit().ok());
    KvStore after = remount();
    KvHandle r2 = open_rw(after, "cfg");
    EXPECT_EQ(r2.get_u16("port").value(), 8883);
    EXPECT_EQ(r2.get_str("host").value(), "broker");
}

TEST_F(KvStoreTest, EraseKeyAndEraseAllNeedCommit) {
    KvHandle h = open_rw(kv, "e");
    ASSERT_TRUE(h.set_u8("a", 1).ok());
    ASSERT_TRUE(h.set_u8("b", 2).ok());
    ASSERT_TRUE(h.commit().ok());
    EXPECT_EQ(h.erase_key("zzz").err(), Err::NotFound);
    ASSERT_TRUE(h.erase_key("a").ok());
    EXPECT_EQ(h.get_u8("a").err(), Err::NotFound);
    EXPECT_EQ(remount().open("e").value().get_u8("a").value(), 1) << "erase not committed yet";
    ASSERT_TRUE(h.commit().ok());
    EXPECT_EQ(remount().open("e").value().get_u8("a").err(), Err::NotFound);

    ASSERT_TRUE(h.erase_all().ok());
    ASSERT_TRUE(h.set_u8("c", 3).ok());  // staged after the erase_all: survives it
    ASSERT_TRUE(h.commit().ok());
    KvStore again = remount();
    KvHandle r = open_rw(again, "e");
    EXPECT_EQ(r.get_u8("b").err(), Err::NotFound);
    EXPECT_EQ(r.get_u8("c").value(), 3);
}

TEST_F(KvStoreTest, ReadOnlyHandles) {
    EXPECT_EQ(kv.open("nothing", KvMode::ReadOnly).err(), Err::NotFound);
    KvHandle w = open_rw(kv, "ro");
    ASSERT_TRUE(w.set_u8("k", 1).ok());
    ASSERT_TRUE(w.commit().ok());
    auto r = kv.open("ro", KvMode::ReadOnly);
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r->writable());
    EXPECT_EQ(r->set_u8("k", 2).err(), Err::BadState);
    EXPECT_EQ(r->erase_key("k").err(), Err::BadState);
    EXPECT_EQ(r->erase_all().err(), Err::BadState);
    EXPECT_EQ(r->get_u8("k").value(), 1);
}

TEST_F(KvStoreTest, FullStoreReportsNoSpaceAndKeepsWhatWasCommitted) {
    KvHandle h = open_rw(kv, "fill");
    std::string value(3000, 'v');
    int n = 0;
    fw::Status s;
    for (;; ++n) {
        ASSERT_TRUE(h.set_str("k" + std::to_string(n), value).ok());
        if (!(s = h.commit()).ok()) break;
    }
    EXPECT_EQ(s.err(), Err::NoSpace);
    EXPECT_EQ(n, 3) << "three sectors of data, one in reserve";
    EXPECT_EQ(h.get_str("k" + std::to_string(n)).value(), value) << "the failed set stays staged";
    ASSERT_TRUE(h.erase_key("k0").ok());
    // Staged order is: set k3 (failed), erase k0: the retry runs them in that order and the set
    // still has no room.
    EXPECT_EQ(h.commit().err(), Err::NoSpace);
    KvHandle eraser = open_rw(kv, "fill");
    ASSERT_TRUE(eraser.erase_key("k0").ok());
    ASSERT_TRUE(eraser.commit().ok());
    ASSERT_TRUE(h.commit().ok()) << "room freed by the erase lets the staged set through";
    KvStore again = remount();
    KvHandle r = open_rw(again, "fill");
    EXPECT_EQ(r.get_str("k0").err(), Err::NotFound);
    for (int i = 1; i <= n; ++i) EXPECT_EQ(r.get_str("k" + std::to_string(i)).value(), value);
}

TEST_F(KvStoreTest, EntriesListEverythingCommitted) {
    KvHandle a = open_rw(kv, "b_ns");
    KvHandle b = open_rw(kv, "a_ns");
    ASSERT_TRUE(a.set_u32("x", 1).ok());
    ASSERT_TRUE(a.set_blob("y", "\x01\x02", 2).ok());
    ASSERT_TRUE(b.set_str("z", "abc").ok());
    ASSERT_TRUE(a.commit().ok());
    ASSERT_TRUE(b.commit().ok());
    ASSERT_TRUE(a.set_u8("staged", 1).ok());
    auto e = kv.entries();
    ASSERT_EQ(e.size(), 3u);
    EXPECT_EQ(e[0].ns, "a_ns");
    EXPECT_EQ(e[0].key, "z");
    EXPECT_EQ(e[0].type, KvType::Str);
    EXPECT_EQ(e[0].size, 3u);
    EXPECT_EQ(e[1].key, "x");
    EXPECT_EQ(e[1].type, KvType::U32);
    EXPECT_EQ(e[1].size, 4u);
    EXPECT_EQ(e[2].type, KvType::Blob);
    EXPECT_STREQ(fw::storage::name_of(e[2].type), "blob");
}

TEST_F(KvStoreTest, UnmountedStoreRefusesToOpen) {
    Part p(4);
    fake::SeededRng rng(3);
    rng.fill(p.flash.bytes().data(), p.flash.bytes().size());
    KvStore junk(p.region);
    EXPECT_EQ(junk.mount().err(), Err::Corrupt);
    EXPECT_EQ(junk.open("ns").err(), Err::BadState);
    ASSERT_TRUE(junk.format().ok());
    EXPECT_TRUE(junk.open("ns").ok());
}
