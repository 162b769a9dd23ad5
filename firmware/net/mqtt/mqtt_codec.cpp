// Fixed header, remaining length and the names of codes, shared by the encoder and the parser.
#include "firmware/net/mqtt/mqtt_codec.h"

#include "firmware/core/enum_names.h"

namespace fw::net::mqtt {
namespace {

constexpr EnumName<PacketType> kPacketTypeNames[] = {
    {PacketType::Connect, "CONNECT"},         {PacketType::Connack, "CONNACK"},       {PacketType::Publish, "PUBLISH"},
    {PacketType::Puback, "PUBACK"},           {PacketType::Pubrec, "PUBREC"},         {PacketType::Pubrel, "PUBREL"},
    {PacketType::Pubcomp, "PUBCOMP"},         {PacketType::Subscribe, "SUBSCRIBE"},   {PacketType::Suback, "SUBACK"},
    {PacketType::Unsubscribe, "UNSUBSCRIBE"}, {PacketType::Unsuback, "UNSUBACK"},     {PacketType::Pingreq, "PINGREQ"},
    {PacketType::Pingresp, "PINGRESP"},       {PacketType::Disconnect, "DISCONNECT"},
};

constexpr EnumName<CodecError> kCodecErrorNames[] = {
    {CodecError::None, "ok"},
    {CodecError::Truncated, "truncated packet"},
    {CodecError::BadRemainingLength, "bad remaining length"},
    {CodecError::BadType, "reserved packet type"},
    {CodecError::BadFlags, "bad fixed-header flags"},
    {CodecError::BadLength, "bad length for packet type"},
    {CodecError::TrailingBytes, "trailing bytes"},
    {CodecError::BadUtf8, "invalid UTF-8 string"},
    {CodecError::BadTopic, "invalid topic"},
    {CodecError::BadQos, "invalid QoS"},
    {CodecError::BadPacketId, "zero packet identifier"},
    {CodecError::BadProtocol, "unsupported protocol name or level"},
    {CodecError::BadConnectFlags, "bad CONNECT flags"},
    {CodecError::BadReturnCode, "reserved return code"},
    {CodecError::Empty, "no topic entries"},
    {CodecError::TooLarge, "packet too large"},
    {CodecError::BadAckFlags, "bad CONNACK acknowledge flags"},
    {CodecError::UnexpectedPacket, "unexpected packet"},
    {CodecError::ClientOnlyPacket, "a packet type only clients send"},
    {CodecError::CountMismatch, "SUBACK return codes do not match the SUBSCRIBE's filters"},
    {CodecError::TooManyUnreleased, "too many unreleased QoS 2 messages"},
};

constexpr EnumName<ConnackCode> kConnackReasons[] = {
    {ConnackCode::Accepted, "accepted"},
    {ConnackCode::BadProtocolVersion, "unacceptable protocol version"},
    {ConnackCode::IdentifierRejected, "client identifier rejected"},
    {ConnackCode::ServerUnavailable, "server unavailable"},
    {ConnackCode::BadUsernamePassword, "bad user name or password"},
    {ConnackCode::NotAuthorized, "not authorized"},
};

}  // namespace

const char* name_of(PacketType t) { return name_in(kPacketTypeNames, t); }
const char* name_of(CodecError e) { return name_in(kCodecErrorNames, e); }
const char* name_of(ConnackCode c) { return name_in(kConnackReasons, c, "reserved return code"); }

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

CodecStatus check_header_byte(uint8_t byte) {
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

CodecStatus decode_fixed_header(std::span<const uint8_t> data, FixedHeader& out) {
    if (data.empty()) return CodecError::Truncated;
    FW_TRY(check_header_byte(data[0]));
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

CodecStatus split_packet(std::span<const uint8_t> bytes, FixedHeader& header, std::span<const uint8_t>& body) {
    FW_TRY(decode_fixed_header(bytes, header));
    size_t avail = bytes.size() - header.size;
    if (avail < header.remaining) return CodecError::Truncated;
    if (avail > header.remaining) return CodecError::TrailingBytes;
    body = bytes.subspan(header.size);
    return CodecError::None;
}

}  // namespace fw::net::mqtt
