// Outbox persistence: QoS 1/2 messages survive a reboot through an OutboxStore.
#include <gtest/gtest.h>

#include <map>

#include "firmware/net/mqtt/mqtt_outbox_flash.h"
#include "firmware/net/mqtt/outbox.h"
#include "firmware/storage/flash_log.h"
#include "mqtt_test_util.h"

using namespace mqtt_test;
using fw::net::Outbox;
using mqtt::PacketType;

namespace {

class MapStore : public fw::net::OutboxStore {
public:
    fw::Status save(uint32_t key, std::span<const uint8_t> packet) override {
        if (full) return fw::Err::NoSpace;
        packets[key] = Bytes(packet.begin(), packet.end());
        return fw::ok_status();
    }
    void erase(uint32_t key) override { packets.erase(key); }
    fw::Status load(const Visitor& visit) override {
        auto copy = packets;  // the outbox may erase while visiting
        for (const auto& [k, v] : copy) visit(k, v);
        return fw::ok_status();
    }
    std::map<uint32_t, Bytes> packets;
    bool full = false;
};

void add(Outbox& o, std::string_view payload, uint8_t qos, uint16_t id) {
    Bytes pkt = publish("t", payload, qos, id);
    ASSERT_TRUE(o.reserve(pkt.size()).ok());
    o.push(pkt, qos, id);
}

}  // namespace

TEST(OutboxStore, SavesQos1And2UntilAcknowledged) {
    MapStore store;
    Outbox o(100000);
    ASSERT_EQ(*o.attach(store), 0u);
    add(o, "a", 1, 1);
    add(o, "b", 0, 0);
    add(o, "c", 2, 2);
    ASSERT_EQ(store.packets.size(), 2u);  // QoS 0 is never stored
    o.erase(o.find(1));
    ASSERT_EQ(store.packets.size(), 1u);
    EXPECT_EQ(decode(store.packets.begin()->second)[0].packet_id(), 2);
    store.full = true;
    add(o, "d", 1, 3);
    EXPECT_EQ(o.unsaved(), 1u);
    EXPECT_EQ(o.size(), 3u);  // still accepted, in RAM
    EXPECT_EQ(o.attach(store).err(), fw::Err::BadState);
}

TEST(OutboxStore, RestoresInOrderWithDupAndDiscardsWhatCannotBeSent) {
    MapStore store;
    store.packets[5] = publish("t/5", "five", 1, 50);
    store.packets[2] = publish("t/2", "two", 2, 20);
    store.packets[3] = Bytes{0x32, 0x03, 0x00, 0x05, 'a'};  // corrupt
    store.packets[4] = publish("t/4", "four", 0);           // QoS 0 is never stored by us
    store.packets[9] = publish("t/9", std::string(500, 'x'), 1, 90);
    Outbox o(Outbox::cost(40) * 2);
    ASSERT_EQ(*o.attach(store), 2u);
    ASSERT_EQ(o.size(), 2u);
    EXPECT_EQ(o[0].packet_id, 20);
    EXPECT_EQ(o[1].packet_id, 50);
    EXPECT_EQ(o[0].packet[0] & 0x08, 0x08);
    EXPECT_EQ(o[0].state, Outbox::State::Queued);
    EXPECT_EQ(o.dropped(), 1u);           // the 500-byte one does not fit
    EXPECT_EQ(store.packets.size(), 2u);  // corrupt, foreign and dropped ones are erased
    add(o, "n", 1, 51);
    EXPECT_EQ(store.packets.rbegin()->first, 10u);  // new keys continue after the restored ones
}

TEST(OutboxStore, QosOneTelemetrySurvivesARebootThroughFlash) {
    fake::MemFlash flash(8 * 4096);
    fw::storage::FlashRegion region(flash, 0, flash.size());
    std::vector<uint16_t> ids;
    {
        fw::storage::FlashLog log(region);
        ASSERT_TRUE(log.mount().ok());
        fw::net::FlashOutboxStore store(log);
        Harness h;
        h.make();
        ASSERT_EQ(*h.session->use_store(store), 0u);
        for (int i = 0; i < 3; ++i) ids.push_back(*h.session->publish("devices/dev-1/t", std::to_string(i), 1));
        ASSERT_TRUE(h.session->publish("devices/dev-1/t", "q0", 0).ok());
        h.connect();
        h.step();
        ASSERT_EQ(h.sent().size(), 4u);
        h.push(ack(PacketType::Puback, ids[0]));
        h.step();
        EXPECT_EQ(h.published, std::vector<uint16_t>{ids[0]});
    }  // power off: RAM is gone, flash stays

    fw::storage::FlashLog log(region);
    ASSERT_TRUE(log.mount().ok());
    fw::net::FlashOutboxStore store(log);
    Harness h;
    h.make();
    ASSERT_EQ(*h.session->use_store(store), 2u);
    EXPECT_TRUE(h.log.contains("restored 2"));
    h.connect();
    h.step();
    auto pk = h.sent();
    ASSERT_EQ(pk.size(), 2u);
    for (size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(pk[i].packet_id(), ids[i + 1]);  // same ids: a persistent session knows them
        EXPECT_TRUE(pk[i].dup());
        EXPECT_EQ(text(pk[i].as_publish().payload), std::to_string(i + 1));
    }
    auto next = h.session->publish("devices/dev-1/t", "new", 1);  // no id clash with restored ones
    ASSERT_TRUE(next.ok());
    EXPECT_NE(*next, ids[1]);
    EXPECT_NE(*next, ids[2]);
    h.push(ack(PacketType::Puback, ids[1]));
    h.push(ack(PacketType::Puback, ids[2]));
    h.step();
    EXPECT_EQ(log.keys("mqtt.outbox/").size(), 1u);  // only "new" remains unacknowledged
    EXPECT_EQ(h.session->use_store(store).err(), fw::Err::BadState);
}
