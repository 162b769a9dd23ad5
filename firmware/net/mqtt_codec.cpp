// Fixed header, remaining length and the names of codes, shared by the encoder and the parser.
#include "firmware/net/mqtt_codec.h"

namespace fw::net::mqtt {

const char* packet_type_name(PacketType t) {
    switch (t) {
        case PacketType::Connect: return "CONNECT";
        case PacketType::Connack: return "CONNACK";
        case PacketType::Publish: return "PUBLISH";
        case PacketType::Puback: return "PUBACK";
        case PacketType::Pubrec: return "PUBREC";
        case PacketType::Pubrel: return "PUBREL";
        case PacketType::Pubcomp: return "PUBCOMP";
        case PacketType::Subscribe: return "SUBSCRIBE";
        case PacketType::Suback: return "SUBACK";
        case PacketType::Unsubscribe: return "UNSUBSCRIBE";
        case PacketType::Unsuback: return "UNSUBACK";
        case PacketType::Pingreq: return "PINGREQ";
        case PacketType::Pingresp: return "PINGRESP";
        case PacketType::Disconnect: return "DISCONNECT";
    }
    return "?";
}

const char* codec_error_name(CodecError e) {
    switch (e) {
        case CodecError::None: return "ok";
        case CodecError::Truncated: return "truncated packet";
        case CodecError::BadRemainingLength: return "bad remaining length";
        case CodecError::BadType: return "reserved packet type";
        case CodecError::BadFlags: return "bad fixed-header flags";
        case CodecError::BadLength: return "bad length for packet type";
        case CodecError::TrailingBytes: return "trailing bytes";
        case CodecError::BadUtf8: return "invalid UTF-8 string";
        case CodecError::BadTopic: return "invalid topic";
        case CodecError::BadQos: return "invalid QoS";
        case CodecError::BadPacketId: return "zero packet identifier";
        case CodecError::BadProtocol: return "unsupported protocol name or level";
        case CodecError::BadConnectFlags: return "bad CONNECT flags";
        case CodecError::BadReturnCode: return "reserved return code";
        case CodecError::Empty: return "no topic entries";
        case CodecError::TooLarge: return "packet too large";
        case CodecError::BadAckFlags: return "bad CONNACK acknowledge flags";
        case CodecError::UnexpectedPacket: return "unexpected packet";
        case CodecError::ClientOnlyPacket: return "a packet type only clients send";
        case CodecError::CountMismatch: return "SUBACK return codes do not match the SUBSCRIBE's filters";
        case CodecError::TooManyUnreleased: return "too many unreleased QoS 2 messages";
    }
    return "?";
}

const char* connack_reason(ConnackCode c) {
    switch (c) {
        case ConnackCode::Accepted: return "accepted";
        case ConnackCode::BadProtocolVersion: return "unacceptable protocol version";
        case ConnackCode::IdentifierRejected: return "client identifier rejected";
        case ConnackCode::ServerUnavailable: return "server unavailable";
        case ConnackCode::BadUsernamePassword: return "bad user name or password";
        case ConnackCode::NotAuthorized: return "not authorized";
    }
    return "reserved return code";
}

size_t remaining_length_size(uint32_t v) {
    if (v < 128u) return 1;
    if (v < 16384u) return 2;
    if (v < 2097152u) return 3;
    if (v <= kMaxRemainingLength) return 4;
    return 0;
}

size_t encode_remaining_length(uint32_t v, uint8_t out[4]) {
    size_t n = remaining_length_size(v);
    for (size_t i = 0; i < n; ++i) {
        out[i] = static_cast<uint8_t>(v & 0x7F);
        v >>= 7;
        if (i + 1 < n) out[i] |= 0x80;
    }
    return n;
}

CodecError check_header_byte(uint8_t byte) {
    uint8_t type = byte >> 4, flags = byte & 0x0F;
    if (type == 0 || type == 15) return CodecError::BadType;
    switch (static_cast<PacketType>(type)) {
        case PacketType::Publish: {
            uint8_t qos = (flags >> 1) & 3;
            if (qos == 3) return CodecError::BadQos;
            if (qos == 0 && (flags & 0x08)) return CodecError::BadFlags;  // [MQTT-3.3.1-2]
            return CodecError::None;
        }
        case PacketType::Pubrel:
        case PacketType::Subscribe:
        case PacketType::Unsubscribe: return flags == 0x02 ? CodecError::None : CodecError::BadFlags;
        default: return flags == 0 ? CodecError::None : CodecError::BadFlags;
    }
}

CodecError decode_fixed_header(std::span<const uint8_t> data, FixedHeader& out) {
    if (data.empty()) return CodecError::Truncated;
    if (CodecError e = check_header_byte(data[0]); e != CodecError::None) return e;
    uint32_t value = 0;
    for (size_t i = 0; i < 4; ++i) {
        if (1 + i >= data.size()) return CodecError::Truncated;
        uint8_t b = data[1 + i];
        value |= static_cast<uint32_t>(b & 0x7F) << (7 * i);
        if ((b & 0x80) == 0) {
            out.byte = data[0];
            out.remaining = value;
            out.size = static_cast<uint8_t>(2 + i);
            return CodecError::None;
        }
    }
    return CodecError::BadRemainingLength;
}

CodecError split_packet(std::span<const uint8_t> bytes, FixedHeader& header, std::span<const uint8_t>& body) {
    if (CodecError e = decode_fixed_header(bytes, header); e != CodecError::None) return e;
    size_t avail = bytes.size() - header.size;
    if (avail < header.remaining) return CodecError::Truncated;
    if (avail > header.remaining) return CodecError::TrailingBytes;
    body = bytes.subspan(header.size);
    return CodecError::None;
}

}  // namespace fw::net::mqtt
