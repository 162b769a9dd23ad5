#include "firmware/net/mqtt/mqtt_frame_reader.h"

#include <gtest/gtest.h>

#include "mqtt_test_util.h"

using namespace mqtt_test;
using mqtt::FrameReader;

namespace {

// Feeds `stream` in chunks of `chunk` bytes and collects (type, offset, data) of every frame.
struct Collected {
    std::vector<FrameReader::Frame> headers;
    std::vector<Bytes> data;
    mqtt::CodecError error = mqtt::CodecError::None;
    size_t most_allocated = 0;  // the largest buffer the reader held while fed
};

Collected feed(FrameReader& r, const Bytes& stream, size_t chunk) {
    Collected c;
    size_t pos = 0;
    for (;;) {
        FrameReader::Frame f;
        auto n = r.next(f);
        if (!n.ok()) {
            c.error = n.err();
            return c;
        }
        if (*n == FrameReader::Next::Frame) {
            c.headers.push_back(f);
            c.data.emplace_back(f.data.begin(), f.data.end());
            continue;
        }
        if (pos == stream.size()) return c;
        auto space = r.space();
        c.most_allocated = std::max(c.most_allocated, r.allocated());
        size_t k = std::min({chunk, space.size(), stream.size() - pos});
        EXPECT_GT(k, 0u);
        std::copy_n(stream.begin() + static_cast<std::ptrdiff_t>(pos), k, space.begin());
        r.commit(k);
        pos += k;
    }
}

}  // namespace

TEST(MqttFrameReader, SplitsAStreamFedByteByByteOrAllAtOnce) {
    Bytes stream;
    for (const Bytes& p : {connack(), publish("a/b", "hello", 1, 3), ack(mqtt::PacketType::Puback, 9),
                           encode_empty(mqtt::PacketType::Pingresp), publish("t", "", 0)})
        stream.insert(stream.end(), p.begin(), p.end());
    for (size_t chunk : {size_t{1}, size_t{3}, size_t{1000}}) {
        FrameReader r(64);
        Collected c = feed(r, stream, chunk);
        ASSERT_EQ(c.error, mqtt::CodecError::None);
        ASSERT_EQ(c.headers.size(), 5u) << chunk;
        EXPECT_EQ(c.headers[0].header.type(), mqtt::PacketType::Connack);
        EXPECT_EQ(c.headers[1].header.type(), mqtt::PacketType::Publish);
        EXPECT_TRUE(c.headers[1].whole());
        mqtt::Publish p;
        ASSERT_EQ(mqtt::parse_publish(c.headers[1].header.byte, c.data[1], p), mqtt::CodecError::None);
        EXPECT_EQ(text(p.payload), "hello");
        EXPECT_EQ(c.headers[3].header.type(), mqtt::PacketType::Pingresp);
        EXPECT_TRUE(c.data[3].empty());
        EXPECT_TRUE(c.headers[4].whole());
    }
}

TEST(MqttFrameReader, PublishLargerThanTheBufferArrivesInParts) {
    std::string payload;
    for (int i = 0; i < 1000; ++i) payload.push_back(static_cast<char>('a' + i % 26));
    Bytes stream = publish("big/topic", payload, 1, 42);
    Bytes after = ack(mqtt::PacketType::Puback, 1);
    stream.insert(stream.end(), after.begin(), after.end());

    for (size_t chunk : {size_t{7}, size_t{100}, size_t{5000}}) {
        FrameReader r(128);
        Collected c = feed(r, stream, chunk);
        ASSERT_EQ(c.error, mqtt::CodecError::None);
        ASSERT_GE(c.headers.size(), 3u);
        // The first part fills the buffer, so the head is inside it.
        EXPECT_EQ(c.headers[0].offset, 0u);
        EXPECT_EQ(c.data[0].size(), 128u);
        mqtt::Publish head;
        size_t head_len = 0;
        ASSERT_EQ(mqtt::parse_publish_head(c.headers[0].header.byte, c.data[0], head, head_len),
                  mqtt::CodecError::None);
        EXPECT_EQ(head.topic, "big/topic");
        EXPECT_EQ(head.packet_id, 42);
        Bytes body;
        for (size_t i = 0; i + 1 < c.headers.size(); ++i) {
            EXPECT_EQ(c.headers[i].offset, body.size());
            EXPECT_EQ(c.headers[i].last(), i + 2 == c.headers.size());
            body.insert(body.end(), c.data[i].begin(), c.data[i].end());
        }
        EXPECT_EQ(text(std::span(body).subspan(head_len)), payload);
        EXPECT_EQ(c.headers.back().header.type(), mqtt::PacketType::Puback);  // the stream goes on
    }
}

TEST(MqttFrameReader, PublishJustOverTheBufferWithNothingAfterItIsNotStuck) {
    FrameReader r(64);
    Bytes pkt = publish("t", std::string(60, 'x'));  // 2 + 63 = 65 bytes > 64
    Collected c = feed(r, pkt, 1000);
    ASSERT_EQ(c.error, mqtt::CodecError::None);
    size_t total = 0;
    for (const auto& d : c.data) total += d.size();
    EXPECT_EQ(total, 63u);
    ASSERT_FALSE(c.headers.empty());
    EXPECT_TRUE(c.headers.back().last());
}

TEST(MqttFrameReader, OtherPacketsLargerThanTheBufferAreErrors) {
    FrameReader r(16);
    uint8_t codes[20] = {};
    Collected c = feed(r, encode(mqtt::Suback{1, codes}), 1000);
    EXPECT_EQ(c.error, mqtt::CodecError::TooLarge);
}

TEST(MqttFrameReader, ErrorsAreStickyUntilReset) {
    FrameReader r(64);
    Collected c = feed(r, Bytes{0x00, 0x00}, 10);
    EXPECT_EQ(c.error, mqtt::CodecError::BadType);
    FrameReader::Frame f;
    EXPECT_EQ(r.next(f).err(), mqtt::CodecError::BadType);
    r.reset();
    c = feed(r, connack(), 10);
    EXPECT_EQ(c.error, mqtt::CodecError::None);
    EXPECT_EQ(c.headers.size(), 1u);
    c = feed(r, Bytes{0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}, 10);
    EXPECT_EQ(c.error, mqtt::CodecError::BadRemainingLength);
}

TEST(MqttFrameReader, BufferIsThePacketsSizeWhileItIsReadAndSmallBetweenPackets) {
    Bytes stream = publish("cmd/t", std::string(3000, 'c'), 1, 5);
    const size_t body = stream.size() - 3;  // type byte and a two-byte remaining length
    Bytes after = ack(mqtt::PacketType::Puback, 1);
    stream.insert(stream.end(), after.begin(), after.end());
    for (size_t chunk : {size_t{100}, size_t{5000}}) {
        FrameReader r(8192);
        EXPECT_EQ(r.allocated(), 0u);
        Collected c = feed(r, stream, chunk);
        ASSERT_EQ(c.error, mqtt::CodecError::None);
        ASSERT_EQ(c.headers.size(), 2u);
        EXPECT_TRUE(c.headers[0].whole());
        EXPECT_EQ(c.most_allocated, body) << chunk;
        r.space();
        EXPECT_EQ(r.allocated(), FrameReader::kSmallBlock);
        r.release();
        EXPECT_EQ(r.allocated(), 0u);
    }
}

TEST(MqttFrameReader, PublishLargerThanTheCapacityUsesTheCapacityOnly) {
    Bytes stream = publish("ota/chunk", std::string(20000, 'f'), 1, 6);
    FrameReader r(8192);
    Collected c = feed(r, stream, 3000);
    ASSERT_EQ(c.error, mqtt::CodecError::None);
    ASSERT_GE(c.headers.size(), 3u);
    EXPECT_EQ(c.data[0].size(), 8192u);  // the first part fills the whole capacity
    EXPECT_EQ(c.most_allocated, 8192u);
    r.space();
    EXPECT_EQ(r.allocated(), FrameReader::kSmallBlock);
}
