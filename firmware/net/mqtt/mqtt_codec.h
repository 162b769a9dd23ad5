#pragma once
// MQTT 3.1.1 codec: every packet type both ways (the firmware is a client, but tests and tools
// play the broker with the same code). Encoders write into a caller's buffer; parsers read a
// caller's buffer and return views into it. Nothing allocates, and no length read from the wire
// is trusted: a malformed or truncated packet yields a CodecError, never an over-read.
#include <cstddef>
#include <cstdint>
#include <span>

#include "firmware/core/result.h"
#include "firmware/net/mqtt/mqtt_packet.h"

namespace fw::net::mqtt {

// ---- fixed header ----

// Bytes the remaining-length field takes for `v` (1..4), or 0 above kMaxRemainingLength.
size_t remaining_length_size(uint32_t v);
// Writes the variable-length encoding of `v`; returns its size, 0 if `v` is too large.
size_t encode_remaining_length(uint32_t v, uint8_t out[4]);
// Checks the packet type and the flags the type requires (PUBREL/SUBSCRIBE/UNSUBSCRIBE 0b0010,
// PUBLISH a valid QoS and no DUP on QoS 0, all others 0).
CodecStatus check_header_byte(uint8_t byte);
// Reads the fixed header at the start of `data`. Truncated means "need more bytes".
CodecStatus decode_fixed_header(std::span<const uint8_t> data, FixedHeader& out);
// Splits one whole packet: `bytes` must hold exactly the fixed header and its remaining length.
CodecStatus split_packet(std::span<const uint8_t> bytes, FixedHeader& header, std::span<const uint8_t>& body);

// ---- encoders ----
// Each returns the packet's size in bytes, or InvalidArg (a field breaks the protocol), TooLarge
// (remaining length above 268435455) or NoSpace (`out` too small; nothing useful is written).

Result<size_t> encode(const Connect& p, std::span<uint8_t> out);
Result<size_t> encode(const Connack& p, std::span<uint8_t> out);
Result<size_t> encode(const Publish& p, std::span<uint8_t> out);
Result<size_t> encode(const Ack& p, std::span<uint8_t> out);
Result<size_t> encode(const Subscribe& p, std::span<uint8_t> out);
Result<size_t> encode(const Suback& p, std::span<uint8_t> out);
Result<size_t> encode(const Unsubscribe& p, std::span<uint8_t> out);
// PINGREQ, PINGRESP and DISCONNECT: a fixed header only.
Result<size_t> encode_empty(PacketType type, std::span<uint8_t> out);
// Size of the whole PUBLISH packet, to size a buffer before encode().
size_t encoded_size(const Publish& p);

// ---- parsers ----
// `header` is the first byte of the packet and `body` exactly its remaining-length bytes.

CodecStatus parse_connect(uint8_t header, std::span<const uint8_t> body, Connect& out);
CodecStatus parse_connack(uint8_t header, std::span<const uint8_t> body, Connack& out);
CodecStatus parse_publish(uint8_t header, std::span<const uint8_t> body, Publish& out);
// Reads the topic and packet identifier from the first bytes of a PUBLISH body (for payloads
// arriving in fragments); `head_len` is set to the bytes they took. Leaves `out.payload` empty.
CodecStatus parse_publish_head(uint8_t header, std::span<const uint8_t> prefix, Publish& out, size_t& head_len);
// PUBACK, PUBREC, PUBREL, PUBCOMP, UNSUBACK.
CodecStatus parse_ack(uint8_t header, std::span<const uint8_t> body, Ack& out);
// The filters land in `storage`; TooLarge if it has fewer slots than the packet has filters.
CodecStatus parse_subscribe(uint8_t header, std::span<const uint8_t> body, std::span<TopicFilter> storage,
                            Subscribe& out);
CodecStatus parse_suback(uint8_t header, std::span<const uint8_t> body, Suback& out);
CodecStatus parse_unsubscribe(uint8_t header, std::span<const uint8_t> body, std::span<std::string_view> storage,
                              Unsubscribe& out);
// PINGREQ, PINGRESP, DISCONNECT.
CodecStatus parse_empty(uint8_t header, std::span<const uint8_t> body);

}  // namespace fw::net::mqtt
