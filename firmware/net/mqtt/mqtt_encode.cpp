// MQTT 3.1.1 encoders. Each validates its packet first, so the firmware cannot put a packet on
// the wire that a conforming broker would have to reject.
#include "firmware/net/mqtt/internal/mqtt_wire.h"
#include "firmware/net/mqtt/mqtt_codec.h"
#include "firmware/net/mqtt/mqtt_topic.h"

namespace fw::net::mqtt {
namespace {

constexpr uint8_t header_byte(PacketType t, uint8_t flags = 0) {
    return static_cast<uint8_t>((static_cast<uint8_t>(t) << 4) | flags);
}

bool fits_string(std::string_view s) { return s.size() <= kMaxStringLength; }
bool fits_string(std::span<const uint8_t> b) { return b.size() <= kMaxStringLength; }
bool valid_string(std::string_view s) { return fits_string(s) && valid_utf8(s); }

bool valid_ack_type(PacketType t) {
    return t == PacketType::Puback || t == PacketType::Pubrec || t == PacketType::Pubrel || t == PacketType::Pubcomp ||
           t == PacketType::Unsuback;
}

bool valid_suback_code(uint8_t c) { return c <= 2 || c == kSubackFailure; }

// Checks the limits and the room for a packet with a `remaining`-byte body, writes the fixed
// header and leaves `w` at the start of the body. Returns the whole packet's size.
Result<size_t> begin_packet(uint8_t byte, uint64_t remaining, std::span<uint8_t> out, wire::Writer& w) {
    if (remaining > kMaxRemainingLength) return Err::TooLarge;
    uint8_t len[4];
    size_t len_size = encode_remaining_length(static_cast<uint32_t>(remaining), len);
    size_t total = 1 + len_size + static_cast<size_t>(remaining);
    if (total > out.size()) return Err::NoSpace;
    w = wire::Writer(out.data());
    w.u8(byte);
    w.bytes(len, len_size);
    return total;
}

}  // namespace

Result<size_t> encode(const Connect& p, std::span<uint8_t> out) {
    if (!valid_string(p.client_id)) return Err::InvalidArg;
    if (p.username && !valid_string(*p.username)) return Err::InvalidArg;
    if (p.password && (!p.username || !fits_string(*p.password))) return Err::InvalidArg;  // [MQTT-3.1.2-22]
    if (p.will && (!valid_topic_name(p.will->topic) || p.will->qos > 2 || !fits_string(p.will->payload)))
        return Err::InvalidArg;

    uint64_t remaining = 10 + 2 + p.client_id.size();
    uint8_t flags = p.clean_session ? 0x02 : 0;
    if (p.will) {
        remaining += 2 + p.will->topic.size() + 2 + p.will->payload.size();
        flags |= static_cast<uint8_t>(0x04 | (p.will->qos << 3) | (p.will->retain ? 0x20 : 0));
    }
    if (p.username) {
        remaining += 2 + p.username->size();
        flags |= 0x80;
    }
    if (p.password) {
        remaining += 2 + p.password->size();
        flags |= 0x40;
    }
    wire::Writer w(nullptr);
    auto total = begin_packet(header_byte(PacketType::Connect), remaining, out, w);
    if (!total) return total;
    w.prefixed(std::string_view("MQTT"));
    w.u8(kProtocolLevel);
    w.u8(flags);
    w.u16(p.keep_alive_s);
    w.prefixed(p.client_id);
    if (p.will) {
        w.prefixed(p.will->topic);
        w.prefixed(p.will->payload);
    }
    if (p.username) w.prefixed(*p.username);
    if (p.password) w.prefixed(*p.password);
    return total;
}

Result<size_t> encode(const Connack& p, std::span<uint8_t> out) {
    if (static_cast<uint8_t>(p.code) > 5) return Err::InvalidArg;
    if (p.session_present && p.code != ConnackCode::Accepted) return Err::InvalidArg;  // [MQTT-3.2.2-4]
    wire::Writer w(nullptr);
    auto total = begin_packet(header_byte(PacketType::Connack), 2, out, w);
    if (!total) return total;
    w.u8(p.session_present ? 1 : 0);
    w.u8(static_cast<uint8_t>(p.code));
    return total;
}

size_t encoded_size(const Publish& p) {
    uint64_t remaining = 2 + p.topic.size() + (p.qos > 0 ? 2 : 0) + p.payload.size();
    if (remaining > kMaxRemainingLength) return 0;
    return 1 + remaining_length_size(static_cast<uint32_t>(remaining)) + static_cast<size_t>(remaining);
}

Result<size_t> encode(const Publish& p, std::span<uint8_t> out) {
    if (!valid_topic_name(p.topic) || p.qos > 2) return Err::InvalidArg;
    if (p.qos == 0 ? p.dup : p.packet_id == 0) return Err::InvalidArg;
    uint64_t remaining = 2 + p.topic.size() + (p.qos > 0 ? 2 : 0) + p.payload.size();
    uint8_t flags = static_cast<uint8_t>((p.dup ? 0x08 : 0) | (p.qos << 1) | (p.retain ? 0x01 : 0));
    wire::Writer w(nullptr);
    auto total = begin_packet(header_byte(PacketType::Publish, flags), remaining, out, w);
    if (!total) return total;
    w.prefixed(p.topic);
    if (p.qos > 0) w.u16(p.packet_id);
    w.bytes(p.payload.data(), p.payload.size());
    return total;
}

Result<size_t> encode(const Ack& p, std::span<uint8_t> out) {
    if (!valid_ack_type(p.type) || p.packet_id == 0) return Err::InvalidArg;
    wire::Writer w(nullptr);
    auto total = begin_packet(header_byte(p.type, p.type == PacketType::Pubrel ? 0x02 : 0), 2, out, w);
    if (!total) return total;
    w.u16(p.packet_id);
    return total;
}

Result<size_t> encode(const Subscribe& p, std::span<uint8_t> out) {
    if (p.packet_id == 0 || p.filters.empty()) return Err::InvalidArg;
    uint64_t remaining = 2;
    for (const auto& f : p.filters) {
        if (!valid_topic_filter(f.filter) || f.qos > 2) return Err::InvalidArg;
        remaining += 2 + f.filter.size() + 1;
    }
    wire::Writer w(nullptr);
    auto total = begin_packet(header_byte(PacketType::Subscribe, 0x02), remaining, out, w);
    if (!total) return total;
    w.u16(p.packet_id);
    for (const auto& f : p.filters) {
        w.prefixed(f.filter);
        w.u8(f.qos);
    }
    return total;
}

Result<size_t> encode(const Suback& p, std::span<uint8_t> out) {
    if (p.packet_id == 0 || p.codes.empty()) return Err::InvalidArg;
    for (uint8_t c : p.codes)
        if (!valid_suback_code(c)) return Err::InvalidArg;
    wire::Writer w(nullptr);
    auto total = begin_packet(header_byte(PacketType::Suback), 2 + uint64_t{p.codes.size()}, out, w);
    if (!total) return total;
    w.u16(p.packet_id);
    w.bytes(p.codes.data(), p.codes.size());
    return total;
}

Result<size_t> encode(const Unsubscribe& p, std::span<uint8_t> out) {
    if (p.packet_id == 0 || p.filters.empty()) return Err::InvalidArg;
    uint64_t remaining = 2;
    for (auto f : p.filters) {
        if (!valid_topic_filter(f)) return Err::InvalidArg;
        remaining += 2 + f.size();
    }
    wire::Writer w(nullptr);
    auto total = begin_packet(header_byte(PacketType::Unsubscribe, 0x02), remaining, out, w);
    if (!total) return total;
    w.u16(p.packet_id);
    for (auto f : p.filters) w.prefixed(f);
    return total;
}

Result<size_t> encode_empty(PacketType type, std::span<uint8_t> out) {
    if (type != PacketType::Pingreq && type != PacketType::Pingresp && type != PacketType::Disconnect)
        return Err::InvalidArg;
    wire::Writer w(nullptr);
    return begin_packet(header_byte(type), 0, out, w);
}

}  // namespace fw::net::mqtt
