#include "firmware/storage/otadata.h"

#include <gtest/gtest.h>

#include "firmware/core/bytes.h"
#include "image_fixtures.h"

namespace fs = fw::storage;

namespace {

// An entry laid out by hand from ESP-IDF's esp_ota_select_entry_t, independent of encode_ota_entry().
std::vector<uint8_t> esp_idf_entry(uint32_t seq, uint32_t state, uint32_t crc) {
    std::vector<uint8_t> e(32, 0xFF);
    fw::put_le32(e.data(), seq);
    fw::put_le32(e.data() + 24, state);
    fw::put_le32(e.data() + 28, crc);
    return e;
}

}  // namespace

TEST(OtaData, ReadsEntriesWrittenWithEspIdfRules) {
    hal_posix::MemFlash flash(0x2000);
    fixtures::put(flash, 0, esp_idf_entry(1, 2, 0x4743989A));  // seq 1 -> ota_0, VALID
    auto od = fs::OtaData::load(fs::FlashRegion(flash, 0, 0x2000));
    ASSERT_TRUE(od.ok());
    EXPECT_TRUE(od->entry(0).valid());
    EXPECT_FALSE(od->entry(1).valid());
    EXPECT_EQ(od->active_sector(), 0);
    EXPECT_EQ(od->active_slot(2), 0u);
}

TEST(OtaData, WritesEntriesEspIdfCanRead) {
    uint8_t e[32];
    fs::encode_ota_entry(1, fs::OtaState::New, e);
    auto want = esp_idf_entry(1, 0, 0x4743989A);
    EXPECT_EQ(std::vector<uint8_t>(e, e + 32), want);
}

TEST(OtaData, HighestValidSeqWinsAndBadCrcOrAbortedIsIgnored) {
    hal_posix::MemFlash flash(0x2000);
    fixtures::put(flash, 0, esp_idf_entry(3, 2, fs::OtaEntry::crc_of(3)));       // ota_0 (3-1)%2
    fixtures::put(flash, 0x1000, esp_idf_entry(4, 2, fs::OtaEntry::crc_of(4)));  // ota_1
    auto od = fs::OtaData::load(fs::FlashRegion(flash, 0, 0x2000));
    ASSERT_TRUE(od.ok());
    EXPECT_EQ(od->active_slot(2), 1u);
    EXPECT_EQ(od->previous_slot(2), 0u);

    flash.bytes()[0x1000 + 28] ^= 1;  // CRC of seq 4 broken
    od = fs::OtaData::load(fs::FlashRegion(flash, 0, 0x2000));
    EXPECT_EQ(od->active_slot(2), 0u);

    hal_posix::MemFlash f2(0x2000);
    fixtures::put(f2, 0, esp_idf_entry(3, 2, fs::OtaEntry::crc_of(3)));
    fixtures::put(f2, 0x1000, esp_idf_entry(4, 4, fs::OtaEntry::crc_of(4)));  // ABORTED
    od = fs::OtaData::load(fs::FlashRegion(f2, 0, 0x2000));
    EXPECT_EQ(od->active_slot(2), 0u);
}

TEST(OtaData, SelectSlotWritesTheInactiveSectorWithTheNextSeq) {
    hal_posix::MemFlash flash(0x2000);
    auto od = fs::OtaData::load(fs::FlashRegion(flash, 0, 0x2000));
    ASSERT_TRUE(od.ok());
    EXPECT_EQ(od->active_sector(), -1);
    ASSERT_TRUE(od->select_slot(1, 2, fs::OtaState::New).ok());
    EXPECT_EQ(od->entry(0).seq, 2u);
    ASSERT_TRUE(od->select_slot(0, 2, fs::OtaState::New).ok());
    EXPECT_EQ(od->entry(1).seq, 3u);
    ASSERT_TRUE(od->select_slot(1, 2, fs::OtaState::New).ok());
    EXPECT_EQ(od->entry(0).seq, 4u);
    auto again = fs::OtaData::load(fs::FlashRegion(flash, 0, 0x2000));
    EXPECT_EQ(again->active_slot(2), 1u);
    EXPECT_EQ(again->previous_slot(2), 0u);
    EXPECT_EQ(again->entry(0).state, fs::OtaState::New);
}

TEST(OtaData, PowerCutDuringSwitchLeavesOldOrNewNeverNeither) {
    // Start: ota_0 active and valid. Switch to ota_1 with a power cut at every flash operation.
    for (uint64_t cut = 1; cut <= 2; ++cut) {
        hal_posix::MemFlash flash(0x2000);
        fixtures::put(flash, 0, esp_idf_entry(1, 2, fs::OtaEntry::crc_of(1)));
        auto od = fs::OtaData::load(fs::FlashRegion(flash, 0, 0x2000));
        flash.cut_power_after(cut);
        EXPECT_FALSE(od->select_slot(1, 2, fs::OtaState::New).ok());
        flash.cut_power_after(0);
        auto after = fs::OtaData::load(fs::FlashRegion(flash, 0, 0x2000));
        ASSERT_TRUE(after.ok());
        auto slot = after->active_slot(2);
        ASSERT_TRUE(slot.has_value()) << "cut " << cut << " left no bootable entry";
        EXPECT_EQ(*slot, 0u) << "an interrupted switch must keep the old slot";
    }
}

namespace {

// otadata whose two sectors hold `seq0` and `seq1` (0xFFFFFFFF: erased), both VALID.
struct TwoEntries {
    hal_posix::MemFlash flash{0x2000};
    TwoEntries(uint32_t seq0, uint32_t seq1) {
        if (seq0 != 0xFFFFFFFF) fixtures::put(flash, 0, esp_idf_entry(seq0, 2, fs::OtaEntry::crc_of(seq0)));
        if (seq1 != 0xFFFFFFFF) fixtures::put(flash, 0x1000, esp_idf_entry(seq1, 2, fs::OtaEntry::crc_of(seq1)));
    }
    fs::OtaData load() { return fs::OtaData::load(fs::FlashRegion(flash, 0, 0x2000)).value(); }
};

}  // namespace

// At the top of the seq range the next seq would be 0xFFFFFFFF (erased flash, so the switch is
// lost) or wrap (a search that never ends): the switch numbers again from the bottom instead.
TEST(OtaData, SwitchAtTheTopOfTheSeqRangeIsNeitherLostNorStuck) {
    TwoEntries t(0xFFFFFFFE, 0xFFFFFFFD);  // ota_1 active, ota_0 before it
    auto od = t.load();
    ASSERT_EQ(od.active_slot(2), 1u);
    ASSERT_TRUE(od.select_slot(0, 2, fs::OtaState::New).ok());
    auto after = t.load();
    ASSERT_EQ(after.active_slot(2), 0u) << "the switch to ota_0 was lost";
    EXPECT_EQ(after.entry(after.active_sector()).state, fs::OtaState::New);
    EXPECT_EQ(after.previous_slot(2), 1u) << "ota_1 stays the previous image";
    EXPECT_EQ(after.entry(1 - after.active_sector()).state, fs::OtaState::Valid);

    TwoEntries same(0xFFFFFFFE, 0xFFFFFFFD);  // back to ota_1: a seq above 0xFFFFFFFE does not exist
    auto od2 = same.load();
    ASSERT_TRUE(od2.select_slot(1, 2, fs::OtaState::New).ok());
    EXPECT_EQ(same.load().active_slot(2), 1u);
    EXPECT_EQ(same.load().entry(same.load().active_sector()).state, fs::OtaState::New);
}

TEST(OtaData, EverySwitchNearTheTopSelectsItsSlotAndKeepsThePrevious) {
    for (uint32_t n : {2u, 3u, 16u}) {
        for (uint32_t top = fs::kMaxOtaSeq - n; top <= fs::kMaxOtaSeq; ++top) {
            for (uint32_t slot = 0; slot < n; ++slot) {
                TwoEntries t(top, 0xFFFFFFFF);
                auto od = t.load();
                uint32_t was = *od.active_slot(n);
                ASSERT_TRUE(od.select_slot(slot, n, fs::OtaState::New).ok());
                auto after = t.load();
                ASSERT_EQ(after.active_slot(n), slot) << "n " << n << " seq " << top << " -> slot " << slot;
                ASSERT_EQ(after.previous_slot(n), was) << "n " << n << " seq " << top << " -> slot " << slot;
                // And the device goes on updating from there.
                ASSERT_TRUE(after.select_slot(was, n, fs::OtaState::New).ok());
                EXPECT_EQ(t.load().active_slot(n), was);
            }
        }
    }
}

TEST(OtaData, PowerCutWhileNumberingAgainLeavesOldOrNewNeverNeither) {
    for (uint64_t cut = 1; cut <= 4; ++cut) {
        TwoEntries t(0xFFFFFFFE, 0xFFFFFFFD);
        auto od = t.load();
        t.flash.cut_power_after(cut);
        (void)od.select_slot(0, 2, fs::OtaState::New);
        bool cut_hit = t.flash.power_lost();
        t.flash.cut_power_after(0);
        auto slot = t.load().active_slot(2);
        ASSERT_TRUE(slot.has_value()) << "cut " << cut << " left no bootable entry";
        if (cut_hit)
            EXPECT_EQ(*slot, 1u) << "cut " << cut << ": an interrupted switch keeps the old slot";
        else
            EXPECT_EQ(*slot, 0u) << "cut " << cut;
    }
}

TEST(OtaData, SlotStateIsTheNewestEntrySelectingIt) {
    hal_posix::MemFlash flash(0x2000);
    fixtures::put(flash, 0, esp_idf_entry(3, 2, fs::OtaEntry::crc_of(3)));       // ota_0 VALID
    fixtures::put(flash, 0x1000, esp_idf_entry(4, 4, fs::OtaEntry::crc_of(4)));  // ota_1 ABORTED
    auto od = fs::OtaData::load(fs::FlashRegion(flash, 0, 0x2000)).value();
    EXPECT_EQ(od.slot_state(0, 2), fs::OtaState::Valid);
    EXPECT_EQ(od.slot_state(1, 2), fs::OtaState::Aborted);
    fixtures::put(flash, 0x1000, esp_idf_entry(5, 3, fs::OtaEntry::crc_of(5)));  // ota_0 INVALID, newer
    od = fs::OtaData::load(fs::FlashRegion(flash, 0, 0x2000)).value();
    EXPECT_EQ(od.slot_state(0, 2), fs::OtaState::Invalid);
    EXPECT_EQ(od.slot_state(1, 2), fs::OtaState::Undefined);
    flash.bytes()[0x1000 + 28] ^= 1;  // a damaged entry says nothing
    od = fs::OtaData::load(fs::FlashRegion(flash, 0, 0x2000)).value();
    EXPECT_EQ(od.slot_state(0, 2), fs::OtaState::Valid);
}
