#include "firmware/app/ota_pending.h"

#include <gtest/gtest.h>

#include "fake_hal/fake_hal.h"
#include "firmware/core/log.h"

namespace {

using namespace fw::app;

struct PendingTest : ::testing::Test {
    fake::ManualClock clock;
    fake::RecordingLog log;
    fake::MemFlash flash{0x10000};
    fw::storage::KvStore kv{fw::storage::FlashRegion(flash, 0, 0x6000)};
    void SetUp() override {
        fw::log::init(log, clock);
        ASSERT_TRUE(kv.format().ok());
    }
};

TEST_F(PendingTest, RoundTripsAndClears) {
    OtaPendingStore s(&kv);
    EXPECT_FALSE(s.load());
    OtaPending p;
    p.version = "1.1";
    p.from_version = "1.0";
    p.source = OtaSource::MqttChunks;
    p.cmd_id = "7";
    p.reply_to = "c8y_Firmware";
    p.answered = true;
    ASSERT_TRUE(s.save(p).ok());
    fw::storage::KvStore again{fw::storage::FlashRegion(flash, 0, 0x6000)};
    ASSERT_TRUE(again.mount().ok());
    auto q = OtaPendingStore(&again).load();
    ASSERT_TRUE(q);
    EXPECT_EQ(q->version, "1.1");
    EXPECT_EQ(q->from_version, "1.0");
    EXPECT_EQ(q->source, OtaSource::MqttChunks);
    EXPECT_EQ(q->answered, true);
    Command c = q->command();
    EXPECT_EQ(c.id, "7");
    EXPECT_EQ(c.reply_to, "c8y_Firmware");
    EXPECT_EQ(c.name, CommandName::Ota);
    EXPECT_TRUE(c.valid());
    ASSERT_TRUE(s.clear().ok());
    EXPECT_FALSE(s.load());
    EXPECT_TRUE(s.clear().ok()) << "clearing nothing is fine";
}

TEST_F(PendingTest, RemembersTheReportedRollback) {
    OtaPendingStore s(&kv);
    EXPECT_FALSE(s.reported_rollback());
    ASSERT_TRUE(s.set_reported_rollback(5).ok());
    EXPECT_EQ(s.reported_rollback(), 5u);
}

TEST(OtaPendingNoStore, KeepsNothing) {
    OtaPendingStore s(nullptr);
    OtaPending p;
    p.version = "1.1";
    EXPECT_FALSE(s.save(p).ok());
    EXPECT_FALSE(s.load());
}

}  // namespace
