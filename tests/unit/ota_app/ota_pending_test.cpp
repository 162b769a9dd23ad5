#include "firmware/app/ota/ota_pending.h"

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
    // A record as another image, or damage, may have left it.
    void store_record(const std::string& text) {
        auto h = kv.open(kOtaNamespace);
        ASSERT_TRUE(h.ok());
        ASSERT_TRUE(h->set_str("pending", text).ok());
        ASSERT_TRUE(h->commit().ok());
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

TEST_F(PendingTest, ARecordWithoutAVersionStringIsIgnored) {
    for (const char* text : {R"({"version":5})", R"({"version":null,"from":"1.0"})", R"({"version":["1.1"]})",
                             R"({"version":""})", R"(["1.1"])", "not json"}) {
        store_record(text);
        EXPECT_FALSE(OtaPendingStore(&kv).load()) << text;
    }
}

TEST_F(PendingTest, AFieldOfAnotherTypeIsDefaulted) {
    store_record(R"({"version":"1.1.0","answered":"yes"})");
    auto p = OtaPendingStore(&kv).load();
    ASSERT_TRUE(p);
    EXPECT_EQ(p->version, "1.1.0");
    EXPECT_FALSE(p->answered);

    store_record(R"({"version":"1.1.0","from":1.0,"chunks":"true","id":7,"reply_to":{"to":"x"},"answered":true})");
    p = OtaPendingStore(&kv).load();
    ASSERT_TRUE(p);
    EXPECT_EQ(p->version, "1.1.0");
    EXPECT_EQ(p->from_version, "");
    EXPECT_EQ(p->source, OtaSource::Https);
    EXPECT_EQ(p->cmd_id, "");
    EXPECT_EQ(p->reply_to, "");
    EXPECT_TRUE(p->answered) << "a well-typed field next to bad ones is kept";
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
