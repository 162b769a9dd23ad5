#include "firmware/net/mqtt/mqtt_tx_queue.h"

#include <gtest/gtest.h>

#include <vector>

using fw::Err;
using fw::Result;
using fw::net::mqtt::TxQueue;

namespace {

std::vector<uint8_t> bytes(size_t n, uint8_t first) {
    std::vector<uint8_t> b(n);
    for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(first + i);
    return b;
}

// An encoder for a packet of `size` bytes: NoSpace in anything shorter, as the codec's.
auto packet_of(size_t size, int* calls) {
    return [size, calls](std::span<uint8_t> out) -> Result<size_t> {
        ++*calls;
        if (out.size() < size) return Err::NoSpace;
        for (size_t i = 0; i < size; ++i) out[i] = 0xA5;
        return size;
    };
}

}  // namespace

TEST(MqttTxQueue, HoldsNothingUntilBytesAreQueued) {
    TxQueue q(4608);
    EXPECT_EQ(q.allocated(), 0u);
    EXPECT_EQ(q.free(), 4608u);
    EXPECT_TRUE(q.empty());
}

TEST(MqttTxQueue, OneShortPacketTakesTheSmallBlock) {
    TxQueue q(4608);
    ASSERT_TRUE(q.append(bytes(92, 0)));
    EXPECT_EQ(q.allocated(), TxQueue::kSmallBlock);
    EXPECT_EQ(q.free(), 4608u - 92u);
}

TEST(MqttTxQueue, PacketsPilingUpGrowItOnceToTheCapacityKeepingTheirBytes) {
    TxQueue q(4608);
    auto a = bytes(200, 1), b = bytes(300, 50);
    ASSERT_TRUE(q.append(a));
    ASSERT_TRUE(q.append(b));
    EXPECT_EQ(q.allocated(), 4608u);
    auto p = q.pending();
    ASSERT_EQ(p.size(), 500u);
    EXPECT_TRUE(std::equal(a.begin(), a.end(), p.begin()));
    EXPECT_TRUE(std::equal(b.begin(), b.end(), p.begin() + 200));
}

TEST(MqttTxQueue, APacketLargerThanTheSmallBlockTakesWhatItNeeds) {
    TxQueue q(4608);
    ASSERT_TRUE(q.append(bytes(1000, 0)));
    EXPECT_EQ(q.allocated(), 1000u);
    EXPECT_FALSE(q.append(bytes(3609, 0)));  // beyond the capacity: refused, nothing queued
    EXPECT_EQ(q.pending().size(), 1000u);
}

TEST(MqttTxQueue, TrimGivesTheBufferBackOnlyWhenEmpty) {
    TxQueue q(4608);
    ASSERT_TRUE(q.append(bytes(100, 0)));
    q.consume(60);
    q.trim();
    EXPECT_EQ(q.allocated(), TxQueue::kSmallBlock);
    EXPECT_EQ(q.pending().size(), 40u);
    EXPECT_EQ(q.pending()[0], 60);
    q.consume(40);
    q.trim();
    EXPECT_EQ(q.allocated(), 0u);
    EXPECT_EQ(q.free(), 4608u);
}

TEST(MqttTxQueue, ConsumedBytesMakeRoomAtTheFrontBeforeTheBufferGrows) {
    TxQueue q(4608);
    ASSERT_TRUE(q.append(bytes(200, 0)));
    q.consume(150);
    ASSERT_TRUE(q.append(bytes(100, 7)));  // 50 pending + 100 fit the small block once moved
    EXPECT_EQ(q.allocated(), TxQueue::kSmallBlock);
    auto p = q.pending();
    ASSERT_EQ(p.size(), 150u);
    EXPECT_EQ(p[0], 150);
    EXPECT_EQ(p[50], 7);
}

TEST(MqttTxQueue, EncodeIntoTriesTheSmallBlockThenTheWholeRoom) {
    TxQueue q(4608);
    int calls = 0;
    auto r = q.encode_into(4592, packet_of(40, &calls));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, 40u);
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(q.allocated(), TxQueue::kSmallBlock);

    TxQueue big(4608);
    calls = 0;
    r = big.encode_into(4592, packet_of(1500, &calls));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(calls, 2);
    EXPECT_EQ(big.pending().size(), 1500u);
    EXPECT_EQ(big.allocated(), 4608u);

    calls = 0;
    r = big.encode_into(100, packet_of(200, &calls));  // more than the room: never fits
    EXPECT_EQ(r.err(), Err::NoSpace);
    EXPECT_EQ(big.pending().size(), 1500u);
}
