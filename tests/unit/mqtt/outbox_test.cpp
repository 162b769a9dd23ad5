#include "firmware/net/mqtt/outbox.h"

#include <gtest/gtest.h>

#include "firmware/net/mqtt/mqtt_packet_ids.h"
#include "mqtt_test_util.h"

using namespace mqtt_test;
using fw::net::Outbox;

namespace {

// Pushes a message whose packet is `len` bytes (a PUBLISH header byte for `qos`, then filler).
fw::Status add(Outbox& o, uint8_t qos, uint16_t id, size_t len = 100) {
    auto s = o.reserve(len);
    if (!s) return s;
    Bytes pkt(len, 0xAB);
    pkt[0] = static_cast<uint8_t>(0x30 | (qos << 1));
    o.push(pkt, qos, id);
    return s;
}

std::vector<uint16_t> ids(const Outbox& o) {
    std::vector<uint16_t> out;
    for (size_t i = 0; i < o.size(); ++i) out.push_back(o[i].packet_id);
    return out;
}

}  // namespace

TEST(Outbox, DropsOldestQos0FirstAndCountsThem) {
    Outbox o(Outbox::cost(100) * 4);
    // QoS 0 entries carry no packet id: tell them apart by position.
    ASSERT_TRUE(add(o, 0, 0).ok());
    ASSERT_TRUE(add(o, 1, 11).ok());
    ASSERT_TRUE(add(o, 0, 0).ok());
    ASSERT_TRUE(add(o, 1, 12).ok());
    EXPECT_EQ(o.bytes(), o.capacity());
    ASSERT_TRUE(add(o, 1, 13).ok());  // evicts the first QoS 0
    EXPECT_EQ(o.dropped(), 1u);
    EXPECT_EQ(ids(o), (std::vector<uint16_t>{11, 0, 12, 13}));
    ASSERT_TRUE(add(o, 2, 14).ok());  // evicts the other QoS 0
    EXPECT_EQ(o.dropped(), 2u);
    EXPECT_EQ(ids(o), (std::vector<uint16_t>{11, 12, 13, 14}));
    EXPECT_EQ(o.refused(), 0u);
}

TEST(Outbox, RefusesNewMessageRatherThanDropAcceptedQos1And2) {
    Outbox o(Outbox::cost(100) * 3);
    ASSERT_TRUE(add(o, 1, 1).ok());
    ASSERT_TRUE(add(o, 2, 2).ok());
    ASSERT_TRUE(add(o, 0, 0).ok());
    // A 250-byte message would fit only by dropping a QoS 1/2 one: refused, nothing evicted.
    EXPECT_EQ(add(o, 1, 3, 250).err(), fw::Err::NoSpace);
    EXPECT_EQ(o.size(), 3u);
    EXPECT_EQ(o.dropped(), 0u);
    EXPECT_EQ(o.refused(), 1u);
    EXPECT_EQ(add(o, 0, 0).ok(), true);  // a same-size QoS 0 replaces the old QoS 0
    EXPECT_EQ(o.dropped(), 1u);
    EXPECT_EQ(add(o, 1, 4, Outbox::cost(100) * 3).err(), fw::Err::NoSpace);  // larger than the whole outbox
    EXPECT_EQ(o.refused(), 2u);
}

TEST(Outbox, StateCountersAndRequeueSetDupAndPubrel) {
    Outbox o(100000);
    ASSERT_TRUE(add(o, 1, 1).ok());
    ASSERT_TRUE(add(o, 2, 2).ok());
    ASSERT_TRUE(add(o, 0, 0).ok());
    EXPECT_EQ(o.queued(), 3u);
    EXPECT_TRUE(o.has_work());
    o.mark_sent(0);
    o.mark_sent(1);
    o.mark_released(1);
    EXPECT_EQ(o.in_flight(), 2u);
    EXPECT_EQ(o.queued(), 1u);
    o.mark_pubrel_sent(1);
    o.erase(2);
    EXPECT_FALSE(o.has_work());

    o.requeue();
    EXPECT_EQ(o[0].state, Outbox::State::Queued);
    EXPECT_EQ(o[0].packet[0] & 0x08, 0x08);  // DUP
    EXPECT_EQ(o[1].state, Outbox::State::Released);
    EXPECT_TRUE(o[1].pubrel_due);
    EXPECT_EQ(o[1].packet[0] & 0x08, 0x00);  // the PUBLISH itself is not re-sent
    EXPECT_EQ(o.queued(), 1u);
    EXPECT_EQ(o.in_flight(), 1u);
    EXPECT_EQ(o.find(2), 1u);
    EXPECT_EQ(o.find(9), o.size());
    o.erase(0);
    o.erase(0);
    EXPECT_EQ(o.bytes(), 0u);
    EXPECT_EQ(o.in_flight(), 0u);
    EXPECT_EQ(o.queued(), 0u);
}

TEST(MqttPacketIds, CycleSkipInUseAndRunOut) {
    fw::net::mqtt::PacketIds ids;
    EXPECT_EQ(ids.acquire(), 1);
    EXPECT_EQ(ids.acquire(), 2);
    ids.release(1);
    for (int i = 3; i <= 65535; ++i) ASSERT_EQ(ids.acquire(), i);
    EXPECT_EQ(ids.acquire(), 1);  // wraps, skipping 0 and the ids still in use
    EXPECT_EQ(ids.acquire(), 0);  // all 65535 in use
    ids.release(300);
    EXPECT_EQ(ids.acquire(), 300);
    EXPECT_EQ(ids.count(), 65535u);
}

// The map is kept in chunks of 4096 ids, freed when their last id is released: ids on both sides
// of a chunk boundary, and ids of a chunk freed and allocated again, are told apart correctly.
TEST(MqttPacketIds, ChunksFreedAndTakenAgainKeepEveryIdRight) {
    fw::net::mqtt::PacketIds ids;
    for (int i = 1; i <= 4100; ++i) ASSERT_EQ(ids.acquire(), i);
    for (int i = 1; i <= 4095; ++i) ids.release(static_cast<uint16_t>(i));  // the first chunk empties
    EXPECT_FALSE(ids.in_use(1));
    EXPECT_FALSE(ids.in_use(4095));
    EXPECT_TRUE(ids.in_use(4096));
    EXPECT_TRUE(ids.in_use(4100));
    EXPECT_EQ(ids.count(), 5u);
    EXPECT_TRUE(ids.claim(7));  // the first chunk again, from a restored outbox
    EXPECT_FALSE(ids.claim(7));
    EXPECT_FALSE(ids.in_use(8));
    EXPECT_EQ(ids.acquire(), 4101);
    for (int i = 4096; i <= 4101; ++i) ids.release(static_cast<uint16_t>(i));
    ids.release(7);
    EXPECT_EQ(ids.count(), 0u);
    EXPECT_FALSE(ids.in_use(4096));
    EXPECT_EQ(ids.acquire(), 4102);
}
