#include "firmware/net/sntp/sntp_packet.h"

namespace fw::net::sntp {
namespace {

constexpr int64_t kEra0UnixOffsetS = 2208988800;  // 1900-01-01 to 1970-01-01
constexpr int64_t kEraSeconds = int64_t{1} << 32;

uint32_t be32(const uint8_t* p) {
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}
uint64_t be64(const uint8_t* p) { return (uint64_t{be32(p)} << 32) | be32(p + 4); }

void put64(uint8_t* p, uint64_t v) {
    for (int i = 7; i >= 0; --i) {
        p[i] = static_cast<uint8_t>(v);
        v >>= 8;
    }
}

Kiss kiss_of(const char code[4]) {
    auto is = [&](const char* k) { return code[0] == k[0] && code[1] == k[1] && code[2] == k[2] && code[3] == k[3]; };
    if (is("RATE")) return Kiss::Rate;
    if (is("DENY") || is("RSTR")) return Kiss::Deny;
    return Kiss::Other;
}

}  // namespace

int64_t ntp_to_unix_ms(NtpTimestamp t) {
    auto secs = static_cast<int64_t>(t >> 32);
    if ((secs & 0x80000000) == 0) secs += kEraSeconds;  // era 1
    auto frac_ms = static_cast<int64_t>(((t & 0xFFFFFFFFu) * 1000) >> 32);
    return (secs - kEra0UnixOffsetS) * 1000 + frac_ms;
}

NtpTimestamp unix_ms_to_ntp(int64_t unix_ms) {
    int64_t secs = unix_ms / 1000 + kEra0UnixOffsetS;
    int64_t ms = unix_ms % 1000;
    if (ms < 0) {
        ms += 1000;
        --secs;
    }
    uint64_t frac = ((static_cast<uint64_t>(ms) << 32) + 999) / 1000;  // rounded up: ntp_to_unix_ms() truncates
    return (static_cast<uint64_t>(secs % kEraSeconds) << 32) | frac;
}

std::array<uint8_t, kPacketSize> encode_request(NtpTimestamp nonce) {
    std::array<uint8_t, kPacketSize> p{};
    p[0] = (0 << 6) | (4 << 3) | 3;  // LI 0, version 4, mode 3 (client)
    put64(p.data() + 40, nonce);
    return p;
}

const char* reply_error_name(ReplyError e) {
    switch (e) {
        case ReplyError::None: return "ok";
        case ReplyError::TooShort: return "shorter than an NTP packet";
        case ReplyError::BadVersion: return "not NTP version 3 or 4";
        case ReplyError::WrongMode: return "not a server reply (mode 4)";
        case ReplyError::KissOfDeath: return "kiss-o'-death";
        case ReplyError::Unsynchronized: return "server clock not synchronized";
        case ReplyError::OriginMismatch: return "originate timestamp is not our request's";
        case ReplyError::ZeroTransmit: return "zero transmit timestamp";
    }
    return "?";
}

ReplyCheck check_reply(std::span<const uint8_t> d, NtpTimestamp nonce) {
    ReplyCheck c;
    if (d.size() < kPacketSize) {
        c.error = ReplyError::TooShort;
        return c;
    }
    Reply& r = c.reply;
    r.leap = d[0] >> 6;
    r.version = (d[0] >> 3) & 7;
    r.mode = d[0] & 7;
    r.stratum = d[1];
    r.reference_id = be32(&d[12]);
    r.originate = be64(&d[24]);
    r.receive = be64(&d[32]);
    r.transmit = be64(&d[40]);
    if (r.version != 3 && r.version != 4) {
        c.error = ReplyError::BadVersion;
    } else if (r.mode != 4) {
        c.error = ReplyError::WrongMode;
    } else if (r.originate != nonce) {
        // Checked before the kiss code: a kiss-o'-death that does not answer our request may be
        // forged to silence a server, and is ignored like any stray datagram.
        c.error = ReplyError::OriginMismatch;
    } else if (r.stratum == 0) {
        c.error = ReplyError::KissOfDeath;
        for (int i = 0; i < 4; ++i) {
            auto ch = static_cast<char>(d[12 + i]);
            r.kiss_code[i] = ch >= ' ' && ch < 0x7F ? ch : '?';
        }
        c.kiss = kiss_of(r.kiss_code);
    } else if (r.leap == 3 || r.stratum > 15) {
        c.error = ReplyError::Unsynchronized;
    } else if (r.transmit == 0) {
        c.error = ReplyError::ZeroTransmit;
    }
    return c;
}

}  // namespace fw::net::sntp
