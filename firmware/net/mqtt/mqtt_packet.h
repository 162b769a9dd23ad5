#pragma once
// MQTT 3.1.1 (OASIS standard, 2014) packet model: the values the codec writes and reads. Packets
// hold views (string_view/span) into the caller's buffer and own no memory, so encoding or
// parsing a packet never allocates.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "firmware/core/result.h"

namespace fw::net::mqtt {

enum class PacketType : uint8_t {
    Connect = 1,
    Connack,
    Publish,
    Puback,
    Pubrec,
    Pubrel,
    Pubcomp,
    Subscribe,
    Suback,
    Unsubscribe,
    Unsuback,
    Pingreq,
    Pingresp,
    Disconnect,
};

const char* name_of(PacketType t);

constexpr uint32_t kMaxRemainingLength = 268435455;  // 4 length bytes of 7 bits
constexpr size_t kMaxFixedHeader = 5;
constexpr size_t kMaxStringLength = 65535;  // 2-byte length prefix
constexpr uint8_t kSubackFailure = 0x80;
constexpr uint8_t kProtocolLevel = 4;  // 3.1.1

// Why a packet could not be parsed or taken. Every malformed or truncated input maps to one of
// these; the last five are well-formed packets the session refuses.
enum class CodecError : uint8_t {
    None = 0,
    Truncated,           // fewer bytes than the packet's own lengths promise
    BadRemainingLength,  // a continuation bit on the 4th length byte
    BadType,             // packet type 0 or 15
    BadFlags,            // fixed-header flags other than the type requires
    BadLength,           // remaining length impossible for the type (PUBACK must be 2...)
    TrailingBytes,       // bytes left over after the last field
    BadUtf8,             // ill-formed UTF-8, a surrogate or U+0000
    BadTopic,            // empty, wildcard in a name, misplaced wildcard in a filter
    BadQos,              // QoS 3, or reserved bits set next to a requested QoS
    BadPacketId,         // zero where a packet identifier is required
    BadProtocol,         // CONNECT protocol name/level other than "MQTT"/4
    BadConnectFlags,     // reserved bit, will bits without will, password without user name
    BadReturnCode,       // CONNACK/SUBACK code outside the defined set
    Empty,               // SUBSCRIBE/UNSUBSCRIBE/SUBACK without a single entry
    TooLarge,            // more entries than the caller's storage, or a frame the reader cannot hold
    BadAckFlags,         // CONNACK acknowledge flags: reserved bits, or a session with a refusal
    UnexpectedPacket,    // a second CONNACK, or anything but CONNACK before it
    ClientOnlyPacket,    // CONNECT, SUBSCRIBE, UNSUBSCRIBE, PINGREQ or DISCONNECT from the broker
    CountMismatch,       // a SUBACK with another number of codes than its SUBSCRIBE had filters
    TooManyUnreleased,   // more inbound QoS 2 messages awaiting PUBREL than the session keeps
};

const char* name_of(CodecError e);
// What a parser returns: the packet lands in the caller's out-parameter, views into its buffer.
using CodecStatus = fw::Result<void, CodecError>;

struct FixedHeader {
    uint8_t byte = 0;        // type in the high nibble, flags in the low one
    uint32_t remaining = 0;  // length of everything after the fixed header
    uint8_t size = 0;        // bytes of the fixed header itself (2..5)

    PacketType type() const { return static_cast<PacketType>(byte >> 4); }
    uint8_t flags() const { return byte & 0x0F; }
};

struct Will {
    std::string_view topic;
    std::span<const uint8_t> payload;
    uint8_t qos = 0;
    bool retain = false;
};

struct Connect {
    std::string_view client_id;
    std::optional<std::string_view> username;
    std::optional<std::span<const uint8_t>> password;  // binary data in 3.1.1
    std::optional<Will> will;
    uint16_t keep_alive_s = 0;
    bool clean_session = true;
};

enum class ConnackCode : uint8_t {
    Accepted = 0,
    BadProtocolVersion = 1,
    IdentifierRejected = 2,
    ServerUnavailable = 3,
    BadUsernamePassword = 4,
    NotAuthorized = 5,
};

const char* name_of(ConnackCode c);  // the reason a person reads

struct Connack {
    bool session_present = false;
    ConnackCode code = ConnackCode::Accepted;
};

struct Publish {
    std::string_view topic;
    std::span<const uint8_t> payload;
    uint16_t packet_id = 0;  // only with qos > 0
    uint8_t qos = 0;
    bool retain = false;
    bool dup = false;
};

// PUBACK, PUBREC, PUBREL, PUBCOMP and UNSUBACK carry a packet identifier and nothing else.
struct Ack {
    PacketType type = PacketType::Puback;
    uint16_t packet_id = 0;
};

struct TopicFilter {
    std::string_view filter;
    uint8_t qos = 0;
};

struct Subscribe {
    uint16_t packet_id = 0;
    std::span<const TopicFilter> filters;
};

// One return code per filter of the SUBSCRIBE: the granted QoS 0..2, or kSubackFailure.
struct Suback {
    uint16_t packet_id = 0;
    std::span<const uint8_t> codes;
};

struct Unsubscribe {
    uint16_t packet_id = 0;
    std::span<const std::string_view> filters;
};

}  // namespace fw::net::mqtt
