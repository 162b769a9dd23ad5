// The SNTP codec against fixed vectors: a reply captured from chrony 4.3 (local stratum 8) and
// the RFC 4330 era rule, and each kind of lying reply refused with its reason.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "firmware/core/hex.h"
#include "firmware/net/sntp/sntp_packet.h"

namespace {

using namespace fw::net::sntp;

constexpr NtpTimestamp kNonce = 0x123456789abcdef0ull;
// chrony's answer to a request whose transmit timestamp was kNonce.
constexpr const char* kChronyReply =
    "240800e600000000000000007f7f0101eec0625ceea0f1a7123456789abcdef0eec0625e689ab479eec0625e68b2ddba";

std::vector<uint8_t> bytes(const char* hex) {
    std::vector<uint8_t> out;
    EXPECT_TRUE(fw::hex_decode(hex, out));
    return out;
}

TEST(SntpPacket, RequestIsVersion4ClientModeCarryingTheNonce) {
    auto p = encode_request(0x0102030405060708ull);
    EXPECT_EQ(p[0], 0x23);  // LI 0, VN 4, mode 3
    for (size_t i = 1; i < 40; ++i) EXPECT_EQ(p[i], 0) << i;
    for (size_t i = 0; i < 8; ++i) EXPECT_EQ(p[40 + i], i + 1);
}

TEST(SntpPacket, ChronyReplyParses) {
    auto d = bytes(kChronyReply);
    ReplyCheck c = check_reply(d, kNonce);
    ASSERT_TRUE(c.ok()) << reply_error_name(c.error);
    EXPECT_EQ(c.reply.leap, 0);
    EXPECT_EQ(c.reply.version, 4);
    EXPECT_EQ(c.reply.mode, 4);
    EXPECT_EQ(c.reply.stratum, 8);
    EXPECT_EQ(c.reply.reference_id, 0x7f7f0101u);
    EXPECT_EQ(c.reply.originate, kNonce);
    // 0xeec0625e s since 1900 = 2026-12-06T22:38:22Z; fraction 0x689ab479 = 408.6 ms (truncated).
    EXPECT_EQ(ntp_to_unix_ms(c.reply.transmit), int64_t{1796596702} * 1000 + 408);
}

TEST(SntpPacket, EraRule) {
    EXPECT_EQ(ntp_to_unix_ms(NtpTimestamp{2208988800u} << 32), 0);  // 1970-01-01
    EXPECT_EQ(ntp_to_unix_ms((NtpTimestamp{2208988800u} << 32) | 0x80000000u), 500);
    EXPECT_EQ(ntp_to_unix_ms(0), int64_t{2085978496} * 1000);  // era 1: 2036-02-07T06:28:16Z
    EXPECT_EQ(ntp_to_unix_ms(NtpTimestamp{0x7FFFFFFF} << 32), (int64_t{2085978496} + 0x7FFFFFFF) * 1000);
    for (int64_t ms : {int64_t{0}, int64_t{1796596702408}, int64_t{2085978496000}, int64_t{2085978496000} + 12345,
                       int64_t{4000000000000}})
        EXPECT_EQ(ntp_to_unix_ms(unix_ms_to_ntp(ms)), ms) << ms;
}

// Each lie, made from the captured reply by changing one field.
struct Lie {
    const char* what;
    size_t offset;
    uint8_t value;
    ReplyError expect;
};

TEST(SntpPacket, LiesAreRefusedWithTheirReason) {
    const Lie lies[] = {
        {"leap indicator 3", 0, 0xE4, ReplyError::Unsynchronized},
        {"stratum 16", 1, 16, ReplyError::Unsynchronized},
        {"mode 3 (a client)", 0, 0x23, ReplyError::WrongMode},
        {"mode 5 (broadcast)", 0, 0x25, ReplyError::WrongMode},
        {"version 2", 0, 0x14, ReplyError::BadVersion},
        {"originate changed", 31, 0xf1, ReplyError::OriginMismatch},
    };
    for (const Lie& l : lies) {
        auto d = bytes(kChronyReply);
        d[l.offset] = l.value;
        EXPECT_EQ(check_reply(d, kNonce).error, l.expect) << l.what;
    }
    auto zero_origin = bytes(kChronyReply);
    std::fill(zero_origin.begin() + 24, zero_origin.begin() + 32, 0);
    EXPECT_EQ(check_reply(zero_origin, kNonce).error, ReplyError::OriginMismatch);
    auto zero_transmit = bytes(kChronyReply);
    std::fill(zero_transmit.begin() + 40, zero_transmit.end(), 0);
    EXPECT_EQ(check_reply(zero_transmit, kNonce).error, ReplyError::ZeroTransmit);
    auto d = bytes(kChronyReply);
    EXPECT_EQ(check_reply(std::span(d).first(47), kNonce).error, ReplyError::TooShort);
    EXPECT_EQ(check_reply({}, kNonce).error, ReplyError::TooShort);
}

TEST(SntpPacket, KissOfDeathCodes) {
    auto kod = [](const char* code) {
        auto d = bytes(kChronyReply);
        d[1] = 0;
        for (int i = 0; i < 4; ++i) d[12 + i] = static_cast<uint8_t>(code[i]);
        return check_reply(d, kNonce);
    };
    EXPECT_EQ(kod("RATE").kiss, Kiss::Rate);
    EXPECT_EQ(kod("DENY").kiss, Kiss::Deny);
    EXPECT_EQ(kod("RSTR").kiss, Kiss::Deny);
    ReplyCheck other = kod("ACST");
    EXPECT_EQ(other.error, ReplyError::KissOfDeath);
    EXPECT_EQ(other.kiss, Kiss::Other);
    EXPECT_STREQ(other.reply.kiss_code, "ACST");
    EXPECT_STREQ(kod("D\x01\x7f\xff").reply.kiss_code, "D???") << "the code is logged: only printable characters";
}

// A kiss-o'-death that does not echo our nonce is a stray (or forged) datagram, not a verdict.
TEST(SntpPacket, KissWithoutOurOriginIsNotAKiss) {
    auto d = bytes(kChronyReply);
    d[1] = 0;
    d[12] = 'D', d[13] = 'E', d[14] = 'N', d[15] = 'Y';
    d[24] ^= 0xFF;
    ReplyCheck c = check_reply(d, kNonce);
    EXPECT_EQ(c.error, ReplyError::OriginMismatch);
    EXPECT_EQ(c.kiss, Kiss::None);
}

TEST(SntpPacket, ExtensionBytesBeyondThePacketAreIgnored) {
    auto d = bytes(kChronyReply);
    d.resize(68, 0xAA);
    EXPECT_TRUE(check_reply(d, kNonce).ok());
}

}  // namespace
