#include "firmware/boot/bootloader.h"

#include <gtest/gtest.h>

#include "fake_hal/fake_hal.h"
#include "firmware/core/log.h"
#include "firmware/storage/otadata.h"
#include "image_fixtures.h"

namespace fs = fw::storage;

namespace {

constexpr uint32_t kOtadata = 0x17000, kOta0 = 0x20000, kOta1 = 0x1E0000;

struct Board {
    hal_posix::MemFlash flash{4 << 20};
    fake::ManualClock clock;
    fake::SeededRng rng;
    fake::RecordingLog log;
    fake::RamEfuse efuse;
    hal::Hal hal{&flash, &clock, &rng, nullptr, &efuse, &log, nullptr, nullptr, nullptr, nullptr};

    Board() {
        fw::log::init(log, clock);
        fixtures::put(flash, fs::kPartitionTableOffset,
                      fixtures::read_bytes(std::string(FIXTURE_DIR) + "/partitions.bin"));
    }
    fs::OtaData otadata() { return fs::OtaData::load(fs::FlashRegion(flash, kOtadata, 0x2000)).value(); }
    std::string boot() {
        auto c = fw::boot::select_image(hal);
        return c.ok() ? c->partition.label + "/" + c->image.info.desc.version : std::string("none");
    }
};

}  // namespace

TEST(Bootloader, NoOtadataBootsFirstSlot) {
    Board b;
    fixtures::put(b.flash, kOta0, fixtures::image("1.0"));
    EXPECT_EQ(b.boot(), "ota_0/1.0");
}

TEST(Bootloader, OtadataSelectsTheActiveSlot) {
    Board b;
    fixtures::put(b.flash, kOta0, fixtures::image("1.0"));
    fixtures::put(b.flash, kOta1, fixtures::image("1.1"));
    ASSERT_TRUE(b.otadata().select_slot(1, 2, fs::OtaState::Valid).ok());
    EXPECT_EQ(b.boot(), "ota_1/1.1");
}

TEST(Bootloader, FlippedByteInActiveImageBootsTheOtherSlot) {
    Board b;
    fixtures::put(b.flash, kOta0, fixtures::image("1.0"));
    fixtures::put(b.flash, kOta1, fixtures::image("1.1"));
    ASSERT_TRUE(b.otadata().select_slot(1, 2, fs::OtaState::Valid).ok());
    b.flash.bytes()[kOta1 + 1000] ^= 0x04;
    EXPECT_EQ(b.boot(), "ota_0/1.0");
    EXPECT_TRUE(b.log.contains("ota_1: image refused: checksum mismatch")) << b.log.lines.back();
}

TEST(Bootloader, NoValidImageAnywhereIsNotFound) {
    Board b;
    auto img = fixtures::image("1.0");
    img[500] ^= 1;
    fixtures::put(b.flash, kOta0, img);
    EXPECT_EQ(b.boot(), "none");
    EXPECT_TRUE(b.log.contains("no bootable app image"));
}

TEST(Bootloader, CorruptPartitionTableIsReported) {
    Board b;
    b.flash.bytes()[fs::kPartitionTableOffset + 5] ^= 0xFF;
    EXPECT_EQ(b.boot(), "none");
    EXPECT_TRUE(b.log.contains("partition table at 0x10000 is invalid"));
}

TEST(Bootloader, NewImageBecomesPendingThenRollsBackIfNeverConfirmed) {
    Board b;
    fixtures::put(b.flash, kOta0, fixtures::image("1.0"));
    fixtures::put(b.flash, kOta1, fixtures::image("1.1"));
    ASSERT_TRUE(b.otadata().select_slot(0, 2, fs::OtaState::Valid).ok());
    ASSERT_TRUE(b.otadata().select_slot(1, 2, fs::OtaState::New).ok());
    EXPECT_EQ(b.boot(), "ota_1/1.1");  // first boot of the new image
    EXPECT_EQ(b.otadata().entry(b.otadata().active_sector()).state, fs::OtaState::PendingVerify);
    EXPECT_EQ(b.boot(), "ota_0/1.0");  // reset without mark-valid: rollback
    auto od = b.otadata();
    EXPECT_EQ(od.active_slot(2), 0u);
    EXPECT_TRUE(b.log.contains("never confirmed"));
    EXPECT_EQ(b.boot(), "ota_0/1.0");  // and it stays there
}

TEST(Bootloader, ConfirmedImageStays) {
    Board b;
    fixtures::put(b.flash, kOta0, fixtures::image("1.0"));
    fixtures::put(b.flash, kOta1, fixtures::image("1.1"));
    ASSERT_TRUE(b.otadata().select_slot(1, 2, fs::OtaState::New).ok());
    EXPECT_EQ(b.boot(), "ota_1/1.1");
    ASSERT_TRUE(b.otadata().set_active_state(fs::OtaState::Valid).ok());
    EXPECT_EQ(b.boot(), "ota_1/1.1");
    EXPECT_EQ(b.boot(), "ota_1/1.1");
}

TEST(Bootloader, SecureVersionBelowEfuseCounterIsRefused) {
    Board b;
    fixtures::put(b.flash, kOta0, fixtures::image("1.0", 1));
    fixtures::put(b.flash, kOta1, fixtures::image("2.0", 2));
    ASSERT_TRUE(b.otadata().select_slot(0, 2, fs::OtaState::Valid).ok());
    b.efuse.version = 2;
    EXPECT_EQ(b.boot(), "ota_1/2.0");
    EXPECT_TRUE(b.log.contains("secure_version 1 is below the anti-rollback counter 2"));
}

TEST(Bootloader, BootOrderTriesActiveThenPreviousThenFactoryThenRest) {
    std::vector<fs::Partition> parts = {{0x00, 0x00, 0x10000, 0x10000, "factory", 0},
                                        {0x00, 0x10, 0x20000, 0x10000, "ota_0", 0},
                                        {0x00, 0x11, 0x30000, 0x10000, "ota_1", 0},
                                        {0x00, 0x12, 0x40000, 0x10000, "ota_2", 0}};
    fs::PartitionTable t(parts);
    auto labels = [](const std::vector<const fs::Partition*>& v) {
        std::string s;
        for (auto* p : v) s += p->label + " ";
        return s;
    };
    EXPECT_EQ(labels(fw::boot::boot_order(t, 2, 0)), "ota_2 ota_0 factory ota_1 ");
    EXPECT_EQ(labels(fw::boot::boot_order(t, -1, -1)), "factory ota_0 ota_1 ota_2 ");
    EXPECT_EQ(labels(fw::boot::boot_order(t, 2, 0, 0b010)), "ota_2 ota_0 factory ");
    EXPECT_EQ(labels(fw::boot::boot_order(t, 2, 1, 0b110)), "factory ota_0 ");
}

TEST(Bootloader, ImageWithoutAppDescriptorIsNotBooted) {
    Board b;
    fixtures::put(b.flash, kOta0, fixtures::image("1.0"));
    fixtures::put(b.flash, kOta1,
                  fs::build_image_of({{fs::kDromLoadAddr, {}}, {fs::kIromLoadAddr, fixtures::fake_elf(2000, 9)}}));
    ASSERT_TRUE(b.otadata().select_slot(1, 2, fs::OtaState::Valid).ok());
    EXPECT_EQ(b.boot(), "ota_0/1.0");
    EXPECT_TRUE(b.log.contains("ota_1: image refused: bad app descriptor"));
}

TEST(Bootloader, SecureVersionAbove32IsNotBooted) {
    Board b;
    fixtures::put(b.flash, kOta0, fixtures::image("1.0", 1));
    fixtures::put(b.flash, kOta1, fixtures::image("9.9", 33));
    ASSERT_TRUE(b.otadata().select_slot(1, 2, fs::OtaState::Valid).ok());
    EXPECT_EQ(b.boot(), "ota_0/1.0");
    EXPECT_TRUE(b.log.contains("ota_1: image refused: secure_version above 32"));
}

// 1.0 confirmed in ota_0; 1.1 in ota_1 booted once, never confirmed, rolled back: ABORTED.
void roll_back_ota1(Board& b) {
    fixtures::put(b.flash, kOta0, fixtures::image("1.0"));
    fixtures::put(b.flash, kOta1, fixtures::image("1.1"));
    ASSERT_TRUE(b.otadata().select_slot(0, 2, fs::OtaState::Valid).ok());
    ASSERT_TRUE(b.otadata().select_slot(1, 2, fs::OtaState::New).ok());
    ASSERT_EQ(b.boot(), "ota_1/1.1");
    ASSERT_EQ(b.boot(), "ota_0/1.0");
}

// Then 1.0 in ota_0 goes bad. The aborted 1.1 must not run as the last resort: it would run with
// no trial and no rollback left.
TEST(Bootloader, AbortedSlotIsNeverBootedEvenAsTheLastResort) {
    Board b;
    roll_back_ota1(b);
    b.flash.bytes()[kOta0 + 1000] ^= 0x04;
    EXPECT_EQ(b.boot(), "none");
    EXPECT_TRUE(b.log.contains("ota_1 is ABORTED in otadata: not a boot candidate"));
}

TEST(Bootloader, InvalidSlotIsNeverBooted) {
    Board b;
    fixtures::put(b.flash, kOta0, fixtures::image("1.0"));
    fixtures::put(b.flash, kOta1, fixtures::image("1.1"));
    ASSERT_TRUE(b.otadata().write_entry(0, 2, fs::OtaState::Invalid).ok());  // ota_1, marked invalid by its app
    b.flash.bytes()[kOta0 + 1000] ^= 0x04;
    EXPECT_EQ(b.boot(), "none");
    EXPECT_TRUE(b.log.contains("ota_1 is INVALID in otadata: not a boot candidate"));
}

TEST(Bootloader, AnUpdateIntoAnAbortedSlotMakesItBootableAgain) {
    Board b;
    roll_back_ota1(b);
    fixtures::put(b.flash, kOta1, fixtures::image("1.2"));
    ASSERT_TRUE(b.otadata().select_slot(1, 2, fs::OtaState::New).ok());
    EXPECT_EQ(b.boot(), "ota_1/1.2");
}
