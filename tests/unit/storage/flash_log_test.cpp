#include "firmware/storage/flash_log.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "storage_test_util.h"

using fw::Err;
using fw::storage::FlashLog;
using storage_test::kSector;
using storage_test::Part;

namespace {

std::string read_str(const FlashLog& log, const std::string& key) {
    auto v = log.read(key);
    EXPECT_TRUE(v.ok()) << key << ": " << fw::name_of(v.err());
    return v.ok() ? std::string(v->begin(), v->end()) : std::string();
}

fw::Status put(FlashLog& log, const std::string& key, const std::string& value) {
    return log.write(key, value.data(), value.size());
}

// Where `key`'s record sits in the partition, found by searching the raw bytes.
size_t find_bytes(Part& p, const std::string& needle) {
    auto& b = p.flash.bytes();
    auto it = std::search(b.begin(), b.end(), needle.begin(), needle.end());
    return it == b.end() ? std::string::npos : static_cast<size_t>(it - b.begin());
}

// A chip whose erase of a GC victim holding `marker` is cut early: the header (with its GC mark)
// survives, the records do not, and power is gone after that.
class HeaderKeepingEraseCut : public hal::Flash {
public:
    HeaderKeepingEraseCut(fake::MemFlash& f, std::string marker) : f_(f), marker_(std::move(marker)) {}
    uint32_t size() const override { return f_.size(); }
    hal::Status read(uint32_t a, void* d, size_t n) override {
        return dead_ ? hal::Status::PowerLost : f_.read(a, d, n);
    }
    hal::Status write(uint32_t a, const void* s, size_t n) override {
        return dead_ ? hal::Status::PowerLost : f_.write(a, s, n);
    }
    hal::Status erase_sector(uint32_t a) override {
        if (dead_) return hal::Status::PowerLost;
        auto sector = f_.bytes().begin() + a;
        bool victim = sector[fw::storage::flog::kGcMark] != 0xFF;
        if (!victim || std::search(sector, sector + kSector, marker_.begin(), marker_.end()) == sector + kSector)
            return f_.erase_sector(a);
        std::fill(sector + fw::storage::flog::kSectorHeaderSize, sector + kSector, 0xFF);
        dead_ = true;
        return hal::Status::PowerLost;
    }
    bool dead() const { return dead_; }

private:
    fake::MemFlash& f_;
    std::string marker_;
    bool dead_ = false;
};

}  // namespace

TEST(FlashLog, BlankPartitionMountsEmpty) {
    Part p(4);
    FlashLog log(p.region);
    ASSERT_TRUE(log.mount().ok());
    EXPECT_TRUE(log.keys().empty());
    EXPECT_EQ(log.capacity(), 3u * fw::storage::flog::kPayloadSize);
    EXPECT_EQ(log.used(), 0u);
    EXPECT_EQ(log.read("x").err(), Err::NotFound);
}

TEST(FlashLog, WriteOverwriteRemoveAndRemount) {
    Part p(4);
    {
        FlashLog log(p.region);
        ASSERT_TRUE(log.mount().ok());
        ASSERT_TRUE(put(log, "a", "one").ok());
        ASSERT_TRUE(put(log, "b", "two").ok());
        ASSERT_TRUE(put(log, "a", "three").ok());
        ASSERT_TRUE(put(log, "c", "").ok());
        ASSERT_TRUE(log.remove("b").ok());
        EXPECT_EQ(log.remove("b").err(), Err::NotFound);
        EXPECT_EQ(read_str(log, "a"), "three");
        EXPECT_EQ(log.size_of("c").value(), 0u);
    }
    FlashLog again(p.region);
    ASSERT_TRUE(again.mount().ok());
    EXPECT_EQ(read_str(again, "a"), "three");
    EXPECT_EQ(again.read("b").err(), Err::NotFound);
    EXPECT_TRUE(again.contains("c"));
    EXPECT_EQ(again.keys(), (std::vector<std::string>{"a", "c"}));
}

TEST(FlashLog, KeysByPrefix) {
    Part p(2);
    FlashLog log(p.region);
    ASSERT_TRUE(log.mount().ok());
    for (const char* k : {"ab", "abc", "b", "a"}) ASSERT_TRUE(put(log, k, "v").ok());
    EXPECT_EQ(log.keys("ab"), (std::vector<std::string>{"ab", "abc"}));
    EXPECT_EQ(log.keys().size(), 4u);
}

TEST(FlashLog, RejectsBadKeysAndOversizedValues) {
    Part p(2);
    FlashLog log(p.region);
    ASSERT_TRUE(log.mount().ok());
    EXPECT_EQ(put(log, "", "v").err(), Err::InvalidArg);
    EXPECT_EQ(put(log, std::string(FlashLog::kMaxKey + 1, 'k'), "v").err(), Err::InvalidArg);
    std::string big(FlashLog::kMaxEntry - 1, 'x');
    EXPECT_EQ(put(log, "kk", big).err(), Err::TooLarge);
    ASSERT_TRUE(put(log, "k", big).ok()) << "key + value of exactly kMaxEntry must fit";
    EXPECT_EQ(read_str(log, "k"), big);
    uint8_t small[2];
    EXPECT_EQ(log.read("k", small, sizeof small).err(), Err::InvalidArg);
}

TEST(FlashLog, RewritingTheSameValueDoesNotTouchFlash) {
    Part p(2);
    FlashLog log(p.region);
    ASSERT_TRUE(log.mount().ok());
    ASSERT_TRUE(put(log, "k", "value").ok());
    uint64_t ops = p.flash.mutating_ops();
    ASSERT_TRUE(put(log, "k", "value").ok());
    EXPECT_EQ(p.flash.mutating_ops(), ops);
    ASSERT_TRUE(put(log, "k", "other").ok());
    EXPECT_GT(p.flash.mutating_ops(), ops);
}

TEST(FlashLog, PartitionOfRandomBytesIsCorruptUntilFormatted) {
    Part p(4);
    fake::SeededRng rng(7);
    rng.fill(p.flash.bytes().data(), p.flash.bytes().size());
    FlashLog log(p.region);
    EXPECT_EQ(log.mount().err(), Err::Corrupt);
    EXPECT_FALSE(log.mounted());
    EXPECT_EQ(put(log, "k", "v").err(), Err::BadState);
    ASSERT_TRUE(log.format().ok());
    ASSERT_TRUE(put(log, "k", "v").ok());
    FlashLog again(p.region);
    ASSERT_TRUE(again.mount().ok());
    EXPECT_EQ(read_str(again, "k"), "v");
}

TEST(FlashLog, TooSmallPartitionIsRejected) {
    Part p(1);
    FlashLog log(p.region);
    EXPECT_EQ(log.mount().err(), Err::InvalidArg);
    EXPECT_EQ(log.format().err(), Err::InvalidArg);
}

TEST(FlashLog, GarbageCollectionKeepsLatestValues) {
    Part p(3);
    FlashLog log(p.region);
    ASSERT_TRUE(log.mount().ok());
    std::map<std::string, std::string> model;
    fake::SeededRng rng(11);
    for (int i = 0; i < 600; ++i) {
        std::string key = "key" + std::to_string(rng.next() % 12);
        std::string value = storage_test::random_text(rng, 20 + rng.next() % 200);
        ASSERT_TRUE(put(log, key, value).ok()) << "write " << i;
        model[key] = value;
    }
    EXPECT_GT(log.stats().gc_runs, 10u) << "600 writes of ~130 B into 2 sectors must collect";
    for (const auto& [k, v] : model) EXPECT_EQ(read_str(log, k), v);
    FlashLog again(p.region);
    ASSERT_TRUE(again.mount().ok());
    EXPECT_EQ(again.keys().size(), model.size());
    for (const auto& [k, v] : model) EXPECT_EQ(read_str(again, k), v);
}

TEST(FlashLog, FullLogSaysNoSpaceAndKeepsData) {
    Part p(3);
    FlashLog log(p.region);
    ASSERT_TRUE(log.mount().ok());
    std::string value(200, 'v');
    int written = 0;
    fw::Status s;
    while ((s = put(log, "k" + std::to_string(written), value)).ok()) ++written;
    EXPECT_EQ(s.err(), Err::NoSpace);
    EXPECT_TRUE(log.mounted()) << "NoSpace must leave the log usable";
    EXPECT_GT(log.used(), log.capacity() * 9 / 10);
    ASSERT_TRUE(log.remove("k0").ok());
    ASSERT_TRUE(put(log, "k0", value).ok()) << "room freed by a remove is reused after GC";
    FlashLog again(p.region);
    ASSERT_TRUE(again.mount().ok());
    EXPECT_EQ(again.keys().size(), static_cast<size_t>(written));
    for (int i = 0; i < written; ++i) EXPECT_EQ(read_str(again, "k" + std::to_string(i)), value);
}

TEST(FlashLog, RecordWithBadCrcIsIgnoredAtMount) {
    Part p(2);
    {
        FlashLog log(p.region);
        ASSERT_TRUE(log.mount().ok());
        ASSERT_TRUE(put(log, "good", "intact-value").ok());
        ASSERT_TRUE(put(log, "bad", "damaged-value").ok());
    }
    size_t at = find_bytes(p, "damaged-value");
    ASSERT_NE(at, std::string::npos);
    p.flash.bytes()[at] = 'D';  // as bit rot would
    FlashLog log(p.region);
    ASSERT_TRUE(log.mount().ok());
    EXPECT_EQ(read_str(log, "good"), "intact-value");
    EXPECT_EQ(log.read("bad").err(), Err::NotFound);
}

// A header whose bits did not hold (a cut while it was programmed, appends then continuing over
// it) has no length to skip by; the records behind it in the same sector must still be found.
TEST(FlashLog, TornHeaderLosesOnlyItsOwnRecord) {
    Part p(3);
    {
        FlashLog log(p.region);
        ASSERT_TRUE(log.mount().ok());
        for (const char* k : {"a", "b", "c", "d"}) ASSERT_TRUE(put(log, k, std::string("value-") + k).ok());
    }
    size_t header = find_bytes(p, "bvalue-b") - fw::storage::flog::kRecordHeaderSize;
    ASSERT_EQ(p.flash.bytes()[header + 2], 7);  // value length, low byte
    p.flash.bytes()[header + 2] &= 0xFE;        // one bit cleared: the header CRC no longer matches
    for (int round = 0; round < 2; ++round) {
        FlashLog log(p.region);
        ASSERT_TRUE(log.mount().ok());
        EXPECT_EQ(read_str(log, "a"), "value-a");
        EXPECT_EQ(log.read("b").err(), Err::NotFound);
        EXPECT_EQ(read_str(log, "c"), "value-c");
        EXPECT_EQ(read_str(log, "d"), "value-d");
        if (round == 0)
            ASSERT_TRUE(put(log, "e", "value-e").ok());
        else
            EXPECT_EQ(read_str(log, "e"), "value-e");
    }
    EXPECT_EQ(p.flash.bytes()[header + 2], 6) << "nothing was appended over the torn header";
}

TEST(FlashLog, ReadDetectsDamageAfterMount) {
    Part p(2);
    FlashLog log(p.region);
    ASSERT_TRUE(log.mount().ok());
    ASSERT_TRUE(put(log, "k", "payload").ok());
    p.flash.bytes()[find_bytes(p, "payload")] ^= 0x01;
    EXPECT_EQ(log.read("k").err(), Err::Corrupt);
}

TEST(FlashLog, SupersededRecordLeftByACutIsRetiredAtMount) {
    Part p(2);
    {
        FlashLog log(p.region);
        ASSERT_TRUE(log.mount().ok());
        ASSERT_TRUE(put(log, "k", "old-value").ok());
        // Writing the new record takes three flash writes (header, key, value); the fourth
        // retires the old record: cut power right there.
        p.flash.cut_power_after(4);
        EXPECT_EQ(put(log, "k", "new-value").err(), Err::PowerLost);
        EXPECT_FALSE(log.mounted());
        p.flash.cut_power_after(0);
    }
    size_t old_at = find_bytes(p, "old-value");
    ASSERT_NE(old_at, std::string::npos);
    size_t old_flags = old_at - 1 - fw::storage::flog::kRecordHeaderSize;  // header, key "k", value
    EXPECT_EQ(p.flash.bytes()[old_flags], fw::storage::flog::kLive);
    FlashLog log(p.region);
    ASSERT_TRUE(log.mount().ok());
    EXPECT_EQ(read_str(log, "k"), "new-value");
    EXPECT_NE(p.flash.bytes()[old_flags], fw::storage::flog::kLive) << "mount retires the older duplicate";
    FlashLog again(p.region);
    ASSERT_TRUE(again.mount().ok());
    EXPECT_EQ(read_str(again, "k"), "new-value");
    EXPECT_EQ(again.used(), fw::storage::flog::record_size(1, 9)) << "the old record no longer counts";
}

TEST(FlashLog, ErasedSectorsAreReusedLeastWornFirst) {
    Part p(6);
    FlashLog log(p.region);
    ASSERT_TRUE(log.mount().ok());
    std::string value(1000, 'x');
    for (int i = 0; i < 400; ++i) ASSERT_TRUE(put(log, "k" + std::to_string(i % 3), value).ok());
    uint64_t lo = UINT64_MAX, hi = 0;
    for (uint32_t s = 0; s < p.flash.sector_count(); ++s) {
        lo = std::min(lo, p.flash.sector(s).erases);
        hi = std::max(hi, p.flash.sector(s).erases);
    }
    EXPECT_GT(lo, 0u) << "every sector takes its turn";
    EXPECT_LE(hi - lo, 2 * FlashLog::kWearSlack);
}

TEST(FlashLog, PartitionOffsetIsRespected) {
    fake::MemFlash flash(6 * kSector);
    fw::storage::FlashRegion region(flash, 2 * kSector, 3 * kSector);
    FlashLog log(region);
    ASSERT_TRUE(log.mount().ok());
    ASSERT_TRUE(put(log, "k", "v").ok());
    for (uint32_t s : {0u, 1u, 5u}) EXPECT_EQ(flash.sector(s).writes + flash.sector(s).erases, 0u) << s;
}

TEST(FlashLog, GcVictimWhoseEraseWasCutIsFinishedFromTheCompleteCopy) {
    fake::MemFlash mem(3 * kSector);
    HeaderKeepingEraseCut chip(mem, "STATIC");
    fw::storage::FlashRegion region(chip, 0, 3 * kSector);
    std::map<std::string, std::string> model;
    {
        FlashLog log(region);
        ASSERT_TRUE(log.mount().ok());
        fake::SeededRng rng(4);
        for (int i = 0; i < 4; ++i) {
            model["s" + std::to_string(i)] = "STATIC" + storage_test::random_text(rng, 200);
            ASSERT_TRUE(put(log, "s" + std::to_string(i), model["s" + std::to_string(i)]).ok());
        }
        // Churn until wear spreading moves the static records and that victim's erase is cut.
        for (int i = 0; i < 5000 && !chip.dead(); ++i) {
            std::string key = "k" + std::to_string(i % 3), value = storage_test::random_text(rng, 300);
            if (put(log, key, value).ok()) model[key] = value;
        }
        ASSERT_TRUE(chip.dead()) << "the static sector was never collected";
    }
    fw::storage::FlashRegion plain(mem, 0, 3 * kSector);
    FlashLog log(plain);
    ASSERT_TRUE(log.mount().ok());
    EXPECT_EQ(log.keys().size(), model.size());
    for (const auto& [k, v] : model) EXPECT_EQ(read_str(log, k), v);
}
