// MQTT 3.1.1 parsers. Every length comes from the wire, so every read goes through the bounded
// wire::Reader, and each packet must be consumed exactly: short -> Truncated, long -> TrailingBytes.
#include "firmware/net/mqtt/internal/mqtt_wire.h"
#include "firmware/net/mqtt/mqtt_codec.h"
#include "firmware/net/mqtt/mqtt_topic.h"

namespace fw::net::mqtt {
namespace {

CodecStatus expect(uint8_t header, PacketType type) {
    FW_TRY(check_header_byte(header));
    return static_cast<PacketType>(header >> 4) == type ? CodecError::None : CodecError::BadType;
}

CodecStatus read_string(wire::Reader& r, std::string_view& out) {
    out = wire::as_string(r.prefixed());
    if (r.failed()) return CodecError::Truncated;
    return valid_utf8(out) ? CodecError::None : CodecError::BadUtf8;
}

CodecStatus read_topic(wire::Reader& r, std::string_view& out, bool filter) {
    FW_TRY(read_string(r, out));
    return (filter ? valid_topic_filter(out) : valid_topic_name(out)) ? CodecError::None : CodecError::BadTopic;
}

CodecStatus read_packet_id(wire::Reader& r, uint16_t& out) {
    out = r.u16();
    if (r.failed()) return CodecError::Truncated;
    return out != 0 ? CodecError::None : CodecError::BadPacketId;
}

CodecStatus finish(const wire::Reader& r) {
    if (r.failed()) return CodecError::Truncated;
    return r.left() == 0 ? CodecError::None : CodecError::TrailingBytes;
}

CodecStatus read_connect_flags(uint8_t flags, Connect& out, bool& has_password) {
    bool will = flags & 0x04;
    uint8_t will_qos = (flags >> 3) & 3;
    bool will_retain = flags & 0x20;
    bool has_username = flags & 0x80;
    has_password = flags & 0x40;
    if (flags & 0x01) return CodecError::BadConnectFlags;                             // [MQTT-3.1.2-3]
    if (!will && (will_qos != 0 || will_retain)) return CodecError::BadConnectFlags;  // [MQTT-3.1.2-11/13/15]
    if (will_qos == 3) return CodecError::BadQos;                                     // [MQTT-3.1.2-14]
    if (has_password && !has_username) return CodecError::BadConnectFlags;            // [MQTT-3.1.2-22]
    out.clean_session = flags & 0x02;
    if (will) out.will = Will{{}, {}, will_qos, will_retain};
    if (has_username) out.username = std::string_view();
    return CodecError::None;
}

}  // namespace

CodecStatus parse_connect(uint8_t header, std::span<const uint8_t> body, Connect& out) {
    FW_TRY(expect(header, PacketType::Connect));
    out = Connect{};
    wire::Reader r(body);
    auto name = wire::as_string(r.prefixed());
    uint8_t level = r.u8();
    uint8_t flags = r.u8();
    out.keep_alive_s = r.u16();
    if (r.failed()) return CodecError::Truncated;
    if (name != "MQTT" || level != kProtocolLevel) return CodecError::BadProtocol;
    bool has_password = false;
    FW_TRY(read_connect_flags(flags, out, has_password));
    FW_TRY(read_string(r, out.client_id));
    if (out.will) {
        FW_TRY(read_topic(r, out.will->topic, false));
        out.will->payload = r.prefixed();
    }
    if (out.username) FW_TRY(read_string(r, *out.username));
    if (has_password) out.password = r.prefixed();
    return finish(r);
}

CodecStatus parse_connack(uint8_t header, std::span<const uint8_t> body, Connack& out) {
    FW_TRY(expect(header, PacketType::Connack));
    if (body.size() != 2) return CodecError::BadLength;
    if (body[0] & 0xFE) return CodecError::BadAckFlags;  // reserved acknowledge flags
    if (body[1] > 5) return CodecError::BadReturnCode;
    out.session_present = body[0] & 0x01;
    out.code = static_cast<ConnackCode>(body[1]);
    if (out.session_present && out.code != ConnackCode::Accepted) return CodecError::BadAckFlags;  // [MQTT-3.2.2-4]
    return CodecError::None;
}

CodecStatus parse_publish_head(uint8_t header, std::span<const uint8_t> prefix, Publish& out, size_t& head_len) {
    FW_TRY(expect(header, PacketType::Publish));
    out = Publish{};
    out.dup = header & 0x08;
    out.qos = (header >> 1) & 3;
    out.retain = header & 0x01;
    wire::Reader r(prefix);
    FW_TRY(read_topic(r, out.topic, false));
    if (out.qos > 0) FW_TRY(read_packet_id(r, out.packet_id));
    head_len = r.pos();
    return CodecError::None;
}

CodecStatus parse_publish(uint8_t header, std::span<const uint8_t> body, Publish& out) {
    size_t head_len = 0;
    FW_TRY(parse_publish_head(header, body, out, head_len));
    out.payload = body.subspan(head_len);
    return CodecError::None;
}

CodecStatus parse_ack(uint8_t header, std::span<const uint8_t> body, Ack& out) {
    FW_TRY(check_header_byte(header));
    auto type = static_cast<PacketType>(header >> 4);
    if (type != PacketType::Puback && type != PacketType::Pubrec && type != PacketType::Pubrel &&
        type != PacketType::Pubcomp && type != PacketType::Unsuback)
        return CodecError::BadType;
    if (body.size() != 2) return CodecError::BadLength;
    wire::Reader r(body);
    out.type = type;
    return read_packet_id(r, out.packet_id);
}

CodecStatus parse_subscribe(uint8_t header, std::span<const uint8_t> body, std::span<TopicFilter> storage,
                            Subscribe& out) {
    FW_TRY(expect(header, PacketType::Subscribe));
    wire::Reader r(body);
    FW_TRY(read_packet_id(r, out.packet_id));
    size_t n = 0;
    while (r.left() > 0) {
        if (n == storage.size()) return CodecError::TooLarge;
        TopicFilter& f = storage[n++];
        FW_TRY(read_topic(r, f.filter, true));
        f.qos = r.u8();
        if (r.failed()) return CodecError::Truncated;
        if (f.qos > 2) return CodecError::BadQos;  // also catches the reserved upper bits [MQTT-3.8.3-4]
    }
    if (n == 0) return CodecError::Empty;  // [MQTT-3.8.3-3]
    out.filters = storage.first(n);
    return CodecError::None;
}

CodecStatus parse_suback(uint8_t header, std::span<const uint8_t> body, Suback& out) {
    FW_TRY(expect(header, PacketType::Suback));
    wire::Reader r(body);
    FW_TRY(read_packet_id(r, out.packet_id));
    out.codes = r.rest();
    if (out.codes.empty()) return CodecError::Empty;
    for (uint8_t c : out.codes)
        if (c > 2 && c != kSubackFailure) return CodecError::BadReturnCode;
    return CodecError::None;
}

CodecStatus parse_unsubscribe(uint8_t header, std::span<const uint8_t> body, std::span<std::string_view> storage,
                              Unsubscribe& out) {
    FW_TRY(expect(header, PacketType::Unsubscribe));
    wire::Reader r(body);
    FW_TRY(read_packet_id(r, out.packet_id));
    size_t n = 0;
    while (r.left() > 0) {
        if (n == storage.size()) return CodecError::TooLarge;
        FW_TRY(read_topic(r, storage[n++], true));
    }
    if (n == 0) return CodecError::Empty;  // [MQTT-3.10.3-2]
    out.filters = storage.first(n);
    return CodecError::None;
}

CodecStatus parse_empty(uint8_t header, std::span<const uint8_t> body) {
    FW_TRY(check_header_byte(header));
    auto type = static_cast<PacketType>(header >> 4);
    if (type != PacketType::Pingreq && type != PacketType::Pingresp && type != PacketType::Disconnect)
        return CodecError::BadType;
    return body.empty() ? CodecError::None : CodecError::BadLength;
}

}  // namespace fw::net::mqtt
