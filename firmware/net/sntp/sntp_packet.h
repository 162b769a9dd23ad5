#pragma once
// SNTP (RFC 4330) packets: the client's request and the checks on a server's reply. A reply is
// outside input, so every field the client relies on is checked and a refusal says why:
//
//   - mode must be 4 (server) and the version 3 or 4;
//   - stratum 0 is a kiss-o'-death: the reference id carries a code (RATE: poll less often;
//     DENY, RSTR: stop using this server) and the time is never used;
//   - leap indicator 3 (clock unsynchronized) or stratum 16 and above: not a usable time;
//   - the originate timestamp must echo the transmit timestamp of our request. That value is a
//     random nonce, not our clock (which is unset): an off-path attacker cannot guess it;
//   - the transmit timestamp must not be zero.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace fw::net::sntp {

constexpr size_t kPacketSize = 48;  // without extension fields or authenticator (RFC 4330 section 4)
constexpr uint16_t kDefaultPort = 123;

// 64-bit NTP timestamp: seconds since 1900 (upper 32 bits) and the binary fraction.
using NtpTimestamp = uint64_t;

// RFC 4330 section 3: a seconds field with its top bit clear is in era 1 (from 2036-02-07); with
// it set, era 0 (1968-2036). So 1968..2104 maps without ambiguity.
int64_t ntp_to_unix_ms(NtpTimestamp t);
NtpTimestamp unix_ms_to_ntp(int64_t unix_ms);

// A version 4 client request (mode 3) whose transmit timestamp is `nonce` (non-zero).
std::array<uint8_t, kPacketSize> encode_request(NtpTimestamp nonce);

enum class ReplyError : uint8_t {
    None,
    TooShort,        // fewer than 48 bytes
    BadVersion,      // not 3 or 4
    WrongMode,       // not a server reply (mode 4)
    KissOfDeath,     // stratum 0: see `kiss`
    Unsynchronized,  // leap indicator 3, or stratum above 15
    OriginMismatch,  // the originate timestamp is not our request's
    ZeroTransmit,    // no transmit timestamp
};
const char* reply_error_name(ReplyError e);

// What a kiss-o'-death asks of the client (RFC 4330 section 8).
enum class Kiss : uint8_t {
    None,
    Rate,   // RATE: reduce the rate of requests to this server
    Deny,   // DENY or RSTR: stop sending to this server
    Other,  // any other code: this answer carries no time
};

struct Reply {
    uint8_t leap = 0;
    uint8_t version = 0;
    uint8_t mode = 0;
    uint8_t stratum = 0;
    uint32_t reference_id = 0;
    char kiss_code[5] = {};  // the reference id as 4 ASCII characters, printable, for stratum 0
    NtpTimestamp originate = 0;
    NtpTimestamp receive = 0;   // T2: when the server received the request
    NtpTimestamp transmit = 0;  // T3: when the server sent the reply
};

struct ReplyCheck {
    ReplyError error = ReplyError::None;
    Kiss kiss = Kiss::None;
    Reply reply;
    bool ok() const { return error == ReplyError::None; }
};

// Parses a datagram and checks it against the request that carried `nonce`. Fields are filled
// as far as the datagram goes, for the log, whatever the verdict.
ReplyCheck check_reply(std::span<const uint8_t> datagram, NtpTimestamp nonce);

}  // namespace fw::net::sntp
