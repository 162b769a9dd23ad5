#include "firmware/net/mqtt/mqtt_codec.h"

#include <gtest/gtest.h>

#include "mqtt_test_util.h"

using namespace mqtt_test;
using mqtt::CodecError;
using mqtt::PacketType;

namespace {

struct LengthCase {
    uint32_t value;
    Bytes encoding;
};

const LengthCase kLengths[] = {
    {0, {0x00}},
    {127, {0x7F}},
    {128, {0x80, 0x01}},
    {16383, {0xFF, 0x7F}},
    {16384, {0x80, 0x80, 0x01}},
    {2097151, {0xFF, 0xFF, 0x7F}},
    {2097152, {0x80, 0x80, 0x80, 0x01}},
    {268435455, {0xFF, 0xFF, 0xFF, 0x7F}},
};

// A PUBLISH QoS 0 on topic "t" whose remaining length is exactly `remaining`.
Bytes publish_with_remaining(uint32_t remaining) {
    std::string payload(remaining - 3, 'x');  // 2 length bytes + 1 topic byte
    return publish("t", payload);
}

}  // namespace

TEST(MqttRemainingLength, BoundaryValuesEncodeAsTheSpecSays) {
    for (const auto& c : kLengths) {
        uint8_t out[4] = {};
        ASSERT_EQ(mqtt::encode_remaining_length(c.value, out), c.encoding.size()) << c.value;
        EXPECT_EQ(Bytes(out, out + c.encoding.size()), c.encoding) << c.value;
        EXPECT_EQ(mqtt::remaining_length_size(c.value), c.encoding.size());

        Bytes header{0xC0};  // PINGREQ type; the header decoder does not check lengths per type
        header.insert(header.end(), c.encoding.begin(), c.encoding.end());
        mqtt::FixedHeader h;
        ASSERT_EQ(mqtt::decode_fixed_header(header, h), CodecError::None) << c.value;
        EXPECT_EQ(h.remaining, c.value);
        EXPECT_EQ(h.size, 1 + c.encoding.size());
    }
    uint8_t out[4];
    EXPECT_EQ(mqtt::encode_remaining_length(268435456, out), 0u);
    EXPECT_EQ(mqtt::remaining_length_size(268435456), 0u);
}

TEST(MqttRemainingLength, FiveByteFormIsRejectedAndShortFormsAreTruncated) {
    mqtt::FixedHeader h;
    Bytes five{0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01};
    EXPECT_EQ(mqtt::decode_fixed_header(five, h), CodecError::BadRemainingLength);
    Bytes four_continued{0x30, 0x80, 0x80, 0x80, 0x80};
    EXPECT_EQ(mqtt::decode_fixed_header(four_continued, h), CodecError::BadRemainingLength);
    EXPECT_EQ(mqtt::decode_fixed_header(Bytes{}, h), CodecError::Truncated);
    EXPECT_EQ(mqtt::decode_fixed_header(Bytes{0x30}, h), CodecError::Truncated);
    EXPECT_EQ(mqtt::decode_fixed_header(Bytes{0x30, 0x80, 0x80}, h), CodecError::Truncated);
}

TEST(MqttRemainingLength, PublishAtEachBoundaryRoundTrips) {
    for (uint32_t rl : {127u, 128u, 16383u, 16384u, 2097151u, 2097152u}) {
        Bytes pkt = publish_with_remaining(rl);
        ASSERT_EQ(pkt.size(), 1 + mqtt::remaining_length_size(rl) + rl) << rl;
        mqtt::FixedHeader h;
        std::span<const uint8_t> body;
        ASSERT_EQ(mqtt::split_packet(pkt, h, body), CodecError::None) << rl;
        EXPECT_EQ(h.remaining, rl);
        mqtt::Publish p;
        ASSERT_EQ(mqtt::parse_publish(h.byte, body, p), CodecError::None);
        EXPECT_EQ(p.topic, "t");
        EXPECT_EQ(p.payload.size(), rl - 3);
        // One byte short anywhere is a truncated packet, one byte more is trailing garbage.
        Bytes shorter(pkt.begin(), pkt.end() - 1);
        EXPECT_EQ(mqtt::split_packet(shorter, h, body), CodecError::Truncated);
        Bytes longer = pkt;
        longer.push_back(0);
        EXPECT_EQ(mqtt::split_packet(longer, h, body), CodecError::TrailingBytes);
    }
}

TEST(MqttRemainingLength, LargestLengthIsAcceptedByTheHeaderButNeedsItsBytes) {
    Bytes pkt{0x30, 0xFF, 0xFF, 0xFF, 0x7F, 0x00, 0x01, 't'};
    mqtt::FixedHeader h;
    std::span<const uint8_t> body;
    EXPECT_EQ(mqtt::split_packet(pkt, h, body), CodecError::Truncated);
    EXPECT_EQ(h.remaining, 268435455u);
}

TEST(MqttCodec, KnownByteEncodings) {
    EXPECT_EQ(encode_empty(PacketType::Pingreq), (Bytes{0xC0, 0x00}));
    EXPECT_EQ(encode_empty(PacketType::Pingresp), (Bytes{0xD0, 0x00}));
    EXPECT_EQ(encode_empty(PacketType::Disconnect), (Bytes{0xE0, 0x00}));
    EXPECT_EQ(connack(mqtt::ConnackCode::Accepted, true), (Bytes{0x20, 0x02, 0x01, 0x00}));
    EXPECT_EQ(ack(PacketType::Puback, 0x1234), (Bytes{0x40, 0x02, 0x12, 0x34}));
    EXPECT_EQ(ack(PacketType::Pubrec, 1), (Bytes{0x50, 0x02, 0x00, 0x01}));
    EXPECT_EQ(ack(PacketType::Pubrel, 1), (Bytes{0x62, 0x02, 0x00, 0x01}));
    EXPECT_EQ(ack(PacketType::Pubcomp, 1), (Bytes{0x70, 0x02, 0x00, 0x01}));
    EXPECT_EQ(ack(PacketType::Unsuback, 1), (Bytes{0xB0, 0x02, 0x00, 0x01}));
    EXPECT_EQ(publish("a/b", "hi", 1, 10, true, true),
              (Bytes{0x3B, 0x09, 0x00, 0x03, 'a', '/', 'b', 0x00, 0x0A, 'h', 'i'}));

    mqtt::Connect c;
    c.client_id = "id";
    c.keep_alive_s = 60;
    Bytes want{0x10, 0x0E, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x3C, 0x00, 0x02, 'i', 'd'};
    EXPECT_EQ(encode(c), want);

    mqtt::TopicFilter f[] = {{"a/+", 1}};
    EXPECT_EQ(encode(mqtt::Subscribe{2, f}), (Bytes{0x82, 0x08, 0x00, 0x02, 0x00, 0x03, 'a', '/', '+', 0x01}));
    std::string_view u[] = {"a/#"};
    EXPECT_EQ(encode(mqtt::Unsubscribe{3, u}), (Bytes{0xA2, 0x07, 0x00, 0x03, 0x00, 0x03, 'a', '/', '#'}));
    uint8_t codes[] = {0x00, 0x80};
    EXPECT_EQ(encode(mqtt::Suback{4, codes}), (Bytes{0x90, 0x04, 0x00, 0x04, 0x00, 0x80}));
}

TEST(MqttCodec, ConnectWithEveryOptionRoundTrips) {
    Bytes will_payload = bytes("offline");
    Bytes password = {0x00, 0xFF, 0x10};
    mqtt::Connect c;
    c.client_id = "d:serial-1";
    c.username = "user";
    c.password = std::span<const uint8_t>(password);
    c.will = mqtt::Will{"devices/x/status", will_payload, 1, true};
    c.keep_alive_s = 300;
    c.clean_session = false;
    Bytes pkt = encode(c);

    mqtt::FixedHeader h;
    std::span<const uint8_t> body;
    ASSERT_EQ(mqtt::split_packet(pkt, h, body), CodecError::None);
    mqtt::Connect p;
    ASSERT_EQ(mqtt::parse_connect(h.byte, body, p), CodecError::None);
    EXPECT_EQ(p.client_id, "d:serial-1");
    ASSERT_TRUE(p.username && p.password && p.will);
    EXPECT_EQ(*p.username, "user");
    EXPECT_EQ(Bytes(p.password->begin(), p.password->end()), password);
    EXPECT_EQ(p.will->topic, "devices/x/status");
    EXPECT_EQ(text(p.will->payload), "offline");
    EXPECT_EQ(p.will->qos, 1);
    EXPECT_TRUE(p.will->retain);
    EXPECT_EQ(p.keep_alive_s, 300);
    EXPECT_FALSE(p.clean_session);
    EXPECT_EQ(body[7], 0x80 | 0x40 | 0x20 | 0x08 | 0x04);  // connect flags byte
}

TEST(MqttCodec, EveryOtherPacketTypeRoundTrips) {
    mqtt::FixedHeader h;
    std::span<const uint8_t> body;

    Bytes ca = connack(mqtt::ConnackCode::NotAuthorized);
    ASSERT_EQ(mqtt::split_packet(ca, h, body), CodecError::None);
    mqtt::Connack c;
    ASSERT_EQ(mqtt::parse_connack(h.byte, body, c), CodecError::None);
    EXPECT_EQ(c.code, mqtt::ConnackCode::NotAuthorized);
    EXPECT_FALSE(c.session_present);

    for (uint8_t qos : {0, 1, 2}) {
        Bytes pk = publish("sensors/t", "21.5", qos, qos ? 77 : 0, qos > 0, true);
        ASSERT_EQ(mqtt::split_packet(pk, h, body), CodecError::None);
        mqtt::Publish p;
        ASSERT_EQ(mqtt::parse_publish(h.byte, body, p), CodecError::None);
        EXPECT_EQ(p.topic, "sensors/t");
        EXPECT_EQ(text(p.payload), "21.5");
        EXPECT_EQ(p.qos, qos);
        EXPECT_EQ(p.packet_id, qos ? 77 : 0);
        EXPECT_EQ(p.dup, qos > 0);
        EXPECT_TRUE(p.retain);
    }

    for (auto t :
         {PacketType::Puback, PacketType::Pubrec, PacketType::Pubrel, PacketType::Pubcomp, PacketType::Unsuback}) {
        Bytes a = ack(t, 65535);
        ASSERT_EQ(mqtt::split_packet(a, h, body), CodecError::None);
        mqtt::Ack out;
        ASSERT_EQ(mqtt::parse_ack(h.byte, body, out), CodecError::None);
        EXPECT_EQ(out.type, t);
        EXPECT_EQ(out.packet_id, 65535);
    }

    mqtt::TopicFilter filters[] = {{"a/+/c", 0}, {"#", 2}, {"$SYS/x", 1}};
    Bytes sub = encode(mqtt::Subscribe{9, filters});
    ASSERT_EQ(mqtt::split_packet(sub, h, body), CodecError::None);
    mqtt::TopicFilter storage[4];
    mqtt::Subscribe s;
    ASSERT_EQ(mqtt::parse_subscribe(h.byte, body, storage, s), CodecError::None);
    ASSERT_EQ(s.filters.size(), 3u);
    EXPECT_EQ(s.packet_id, 9);
    for (size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(s.filters[i].filter, filters[i].filter);
        EXPECT_EQ(s.filters[i].qos, filters[i].qos);
    }
    EXPECT_EQ(mqtt::parse_subscribe(h.byte, body, std::span(storage, 2), s), CodecError::TooLarge);

    uint8_t codes[] = {0, 1, 2, 0x80};
    Bytes sa = encode(mqtt::Suback{9, codes});
    ASSERT_EQ(mqtt::split_packet(sa, h, body), CodecError::None);
    mqtt::Suback sb;
    ASSERT_EQ(mqtt::parse_suback(h.byte, body, sb), CodecError::None);
    EXPECT_EQ(Bytes(sb.codes.begin(), sb.codes.end()), Bytes(codes, codes + 4));

    std::string_view unsub[] = {"a/+/c", "#"};
    Bytes us = encode(mqtt::Unsubscribe{10, unsub});
    ASSERT_EQ(mqtt::split_packet(us, h, body), CodecError::None);
    std::string_view ustorage[2];
    mqtt::Unsubscribe u;
    ASSERT_EQ(mqtt::parse_unsubscribe(h.byte, body, ustorage, u), CodecError::None);
    ASSERT_EQ(u.filters.size(), 2u);
    EXPECT_EQ(u.filters[1], "#");

    for (auto t : {PacketType::Pingreq, PacketType::Pingresp, PacketType::Disconnect}) {
        Bytes e = encode_empty(t);
        ASSERT_EQ(mqtt::split_packet(e, h, body), CodecError::None);
        EXPECT_EQ(mqtt::parse_empty(h.byte, body), CodecError::None);
        EXPECT_EQ(h.type(), t);
    }
}

TEST(MqttCodec, EveryPrefixOfAValidPacketIsTruncated) {
    mqtt::Connect c;
    c.client_id = "x";
    c.username = "u";
    c.will = mqtt::Will{"w", {}, 0, false};
    mqtt::TopicFilter f[] = {{"a", 1}};
    std::string_view u[] = {"a"};
    uint8_t codes[] = {1};
    std::vector<Bytes> packets = {encode(c),
                                  connack(),
                                  publish("t/1", "payload", 2, 5),
                                  ack(PacketType::Pubrel, 5),
                                  encode(mqtt::Subscribe{1, f}),
                                  encode(mqtt::Suback{1, codes}),
                                  encode(mqtt::Unsubscribe{2, u}),
                                  encode_empty(PacketType::Pingresp)};
    for (const Bytes& pkt : packets) {
        for (size_t n = 0; n < pkt.size(); ++n) {
            mqtt::FixedHeader h;
            std::span<const uint8_t> body;
            EXPECT_EQ(mqtt::split_packet(std::span(pkt.data(), n), h, body), CodecError::Truncated)
                << "type " << (pkt[0] >> 4) << " cut at " << n;
        }
    }
}

TEST(MqttCodec, FieldsCutShortInsideTheBodyAreTruncated) {
    mqtt::Connect c;
    mqtt::Publish p;
    mqtt::Suback s;
    mqtt::Ack a;
    // Lengths inside the body point past its end.
    EXPECT_EQ(mqtt::parse_connect(0x10, Bytes{0x00, 0x04, 'M', 'Q'}, c), CodecError::Truncated);
    Bytes connect_body{0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x3C, 0x00, 0x09, 'i', 'd'};
    EXPECT_EQ(mqtt::parse_connect(0x10, connect_body, c), CodecError::Truncated);
    EXPECT_EQ(mqtt::parse_publish(0x30, Bytes{0x00, 0x05, 'a', 'b'}, p), CodecError::Truncated);
    EXPECT_EQ(mqtt::parse_publish(0x32, Bytes{0x00, 0x01, 'a', 0x00}, p), CodecError::Truncated);  // half an id
    EXPECT_EQ(mqtt::parse_publish(0x30, Bytes{0x00}, p), CodecError::Truncated);
    EXPECT_EQ(mqtt::parse_suback(0x90, Bytes{0x00}, s), CodecError::Truncated);
    EXPECT_EQ(mqtt::parse_ack(0x40, Bytes{0x00}, a), CodecError::BadLength);
}

TEST(MqttCodec, FixedHeaderFlagsAreChecked) {
    EXPECT_EQ(mqtt::check_header_byte(0x00), CodecError::BadType);
    EXPECT_EQ(mqtt::check_header_byte(0xF0), CodecError::BadType);
    EXPECT_EQ(mqtt::check_header_byte(0x62), CodecError::None);
    EXPECT_EQ(mqtt::check_header_byte(0x60), CodecError::BadFlags);  // PUBREL needs 0b0010
    EXPECT_EQ(mqtt::check_header_byte(0x82), CodecError::None);
    EXPECT_EQ(mqtt::check_header_byte(0x80), CodecError::BadFlags);  // SUBSCRIBE
    EXPECT_EQ(mqtt::check_header_byte(0xA0), CodecError::BadFlags);  // UNSUBSCRIBE
    EXPECT_EQ(mqtt::check_header_byte(0x41), CodecError::BadFlags);  // PUBACK
    EXPECT_EQ(mqtt::check_header_byte(0xC2), CodecError::BadFlags);  // PINGREQ
    EXPECT_EQ(mqtt::check_header_byte(0x36), CodecError::BadQos);    // PUBLISH QoS 3
    EXPECT_EQ(mqtt::check_header_byte(0x38), CodecError::BadFlags);  // DUP on QoS 0
    EXPECT_EQ(mqtt::check_header_byte(0x3D), CodecError::None);      // DUP, QoS 2, retain
    mqtt::Ack a;
    EXPECT_EQ(mqtt::parse_ack(0x60, Bytes{0, 1}, a), CodecError::BadFlags);
    EXPECT_EQ(mqtt::parse_ack(0x30, Bytes{0, 1}, a), CodecError::BadType);  // not an ack type
}

TEST(MqttCodec, MalformedPacketsGetSpecificErrors) {
    mqtt::Connack ca;
    EXPECT_EQ(mqtt::parse_connack(0x20, Bytes{0x00}, ca), CodecError::BadLength);
    EXPECT_EQ(mqtt::parse_connack(0x20, Bytes{0x02, 0x00}, ca), CodecError::BadAckFlags);
    EXPECT_EQ(mqtt::parse_connack(0x20, Bytes{0x00, 0x06}, ca), CodecError::BadReturnCode);
    EXPECT_EQ(mqtt::parse_connack(0x20, Bytes{0x01, 0x05}, ca), CodecError::BadAckFlags);  // session with refusal

    mqtt::Ack a;
    EXPECT_EQ(mqtt::parse_ack(0x40, Bytes{0, 0}, a), CodecError::BadPacketId);
    EXPECT_EQ(mqtt::parse_ack(0x40, Bytes{0, 1, 2}, a), CodecError::BadLength);

    mqtt::Publish p;
    EXPECT_EQ(mqtt::parse_publish(0x32, Bytes{0x00, 0x01, 'a', 0x00, 0x00}, p), CodecError::BadPacketId);
    EXPECT_EQ(mqtt::parse_publish(0x30, Bytes{0x00, 0x00}, p), CodecError::BadTopic);  // empty topic
    EXPECT_EQ(mqtt::parse_publish(0x30, Bytes{0x00, 0x03, 'a', '/', '+'}, p), CodecError::BadTopic);
    EXPECT_EQ(mqtt::parse_publish(0x30, Bytes{0x00, 0x01, '#'}, p), CodecError::BadTopic);
    EXPECT_EQ(mqtt::parse_publish(0x30, Bytes{0x00, 0x02, 'a', 0x00}, p), CodecError::BadUtf8);
    EXPECT_EQ(mqtt::parse_publish(0x30, Bytes{0x00, 0x02, 0xC0, 0x80}, p), CodecError::BadUtf8);

    mqtt::Suback s;
    EXPECT_EQ(mqtt::parse_suback(0x90, Bytes{0x00, 0x01}, s), CodecError::Empty);
    EXPECT_EQ(mqtt::parse_suback(0x90, Bytes{0x00, 0x01, 0x03}, s), CodecError::BadReturnCode);
    EXPECT_EQ(mqtt::parse_suback(0x90, Bytes{0x00, 0x00, 0x00}, s), CodecError::BadPacketId);

    mqtt::TopicFilter st[4];
    mqtt::Subscribe sub;
    EXPECT_EQ(mqtt::parse_subscribe(0x82, Bytes{0x00, 0x01}, st, sub), CodecError::Empty);
    EXPECT_EQ(mqtt::parse_subscribe(0x82, Bytes{0x00, 0x01, 0x00, 0x01, 'a', 0x04}, st, sub), CodecError::BadQos);
    EXPECT_EQ(mqtt::parse_subscribe(0x82, Bytes{0x00, 0x01, 0x00, 0x01, 'a', 0x03}, st, sub), CodecError::BadQos);
    EXPECT_EQ(mqtt::parse_subscribe(0x82, Bytes{0x00, 0x01, 0x00, 0x03, 'a', '#', 'b', 0x00}, st, sub),
              CodecError::BadTopic);
    EXPECT_EQ(mqtt::parse_subscribe(0x82, Bytes{0x00, 0x01, 0x00, 0x01, 'a'}, st, sub), CodecError::Truncated);

    std::string_view ust[2];
    mqtt::Unsubscribe u;
    EXPECT_EQ(mqtt::parse_unsubscribe(0xA2, Bytes{0x00, 0x01}, ust, u), CodecError::Empty);
    EXPECT_EQ(mqtt::parse_unsubscribe(0xA2, Bytes{0x00, 0x01, 0x00, 0x00}, ust, u), CodecError::BadTopic);

    EXPECT_EQ(mqtt::parse_empty(0xD0, Bytes{0x00}), CodecError::BadLength);
    EXPECT_EQ(mqtt::parse_empty(0x40, Bytes{}), CodecError::BadType);
}

TEST(MqttCodec, MalformedConnectIsRejected) {
    auto body = [](std::string_view name, uint8_t level, uint8_t flags, Bytes rest) {
        Bytes b = bytes(name);  // (built front to back: GCC 12 misreports vector::insert bounds)
        b.insert(b.begin(), {0x00, static_cast<uint8_t>(name.size())});
        for (uint8_t x : {level, flags, uint8_t{0x00}, uint8_t{0x3C}}) b.push_back(x);
        for (uint8_t x : rest) b.push_back(x);
        return b;
    };
    Bytes id{0x00, 0x01, 'x'};
    mqtt::Connect c;
    EXPECT_EQ(mqtt::parse_connect(0x10, body("MQTT", 4, 0x02, id), c), CodecError::None);
    EXPECT_EQ(mqtt::parse_connect(0x10, body("MQIsdp", 3, 0x02, id), c), CodecError::BadProtocol);
    EXPECT_EQ(mqtt::parse_connect(0x10, body("MQTT", 5, 0x02, id), c), CodecError::BadProtocol);
    EXPECT_EQ(mqtt::parse_connect(0x10, body("MQTT", 4, 0x03, id), c), CodecError::BadConnectFlags);  // reserved
    EXPECT_EQ(mqtt::parse_connect(0x10, body("MQTT", 4, 0x22, id), c), CodecError::BadConnectFlags);  // will retain
    EXPECT_EQ(mqtt::parse_connect(0x10, body("MQTT", 4, 0x0A, id), c), CodecError::BadConnectFlags);  // will qos
    EXPECT_EQ(mqtt::parse_connect(0x10, body("MQTT", 4, 0x1E, id), c), CodecError::BadQos);           // will qos 3
    EXPECT_EQ(mqtt::parse_connect(0x10, body("MQTT", 4, 0x42, id), c), CodecError::BadConnectFlags);  // pw, no user
    Bytes trailing = id;
    trailing.push_back(0);
    EXPECT_EQ(mqtt::parse_connect(0x10, body("MQTT", 4, 0x02, trailing), c), CodecError::TrailingBytes);
    EXPECT_EQ(mqtt::parse_connect(0x10, body("MQTT", 4, 0x06, Bytes{0, 1, 'x', 0, 1, '+', 0, 0}), c),
              CodecError::BadTopic);  // will topic with a wildcard
}

TEST(MqttCodec, EncodersRefuseInvalidPacketsAndSmallBuffers) {
    Bytes buf(256);
    Bytes pl = bytes("x");
    EXPECT_EQ(mqtt::encode(mqtt::Publish{"a", pl, 0, 0, false, true}, buf).err(), fw::Err::InvalidArg);   // DUP+QoS0
    EXPECT_EQ(mqtt::encode(mqtt::Publish{"a", pl, 0, 1, false, false}, buf).err(), fw::Err::InvalidArg);  // no id
    EXPECT_EQ(mqtt::encode(mqtt::Publish{"a/#", pl, 0, 0, false, false}, buf).err(), fw::Err::InvalidArg);
    EXPECT_EQ(mqtt::encode(mqtt::Publish{"a", pl, 1, 3, false, false}, buf).err(), fw::Err::InvalidArg);
    EXPECT_EQ(mqtt::encode(mqtt::Publish{"a", pl, 0, 0, false, false}, std::span(buf.data(), 5)).err(),
              fw::Err::NoSpace);
    EXPECT_EQ(mqtt::encode(mqtt::Ack{PacketType::Puback, 0}, buf).err(), fw::Err::InvalidArg);
    EXPECT_EQ(mqtt::encode(mqtt::Ack{PacketType::Publish, 1}, buf).err(), fw::Err::InvalidArg);
    EXPECT_EQ(mqtt::encode_empty(PacketType::Connect, buf).err(), fw::Err::InvalidArg);
    EXPECT_EQ(mqtt::encode(mqtt::Connack{true, mqtt::ConnackCode::NotAuthorized}, buf).err(), fw::Err::InvalidArg);
    uint8_t bad_code[] = {3};
    EXPECT_EQ(mqtt::encode(mqtt::Suback{1, bad_code}, buf).err(), fw::Err::InvalidArg);
    mqtt::TopicFilter bad_filter[] = {{"a+", 0}};
    EXPECT_EQ(mqtt::encode(mqtt::Subscribe{1, bad_filter}, buf).err(), fw::Err::InvalidArg);

    mqtt::Connect c;
    c.client_id = "x";
    Bytes pw = bytes("pw");
    c.password = std::span<const uint8_t>(pw);
    EXPECT_EQ(mqtt::encode(c, buf).err(), fw::Err::InvalidArg);  // password without user name
    c.password.reset();
    c.will = mqtt::Will{"w", {}, 3, false};
    EXPECT_EQ(mqtt::encode(c, buf).err(), fw::Err::InvalidArg);
}
