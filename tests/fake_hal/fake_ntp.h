#pragma once
// An SNTP server for unit tests, behind fake::Datagrams: it answers a request with the time it is
// told to give, and can lie in each way a client must catch (kiss-o'-death, unsynchronized,
// wrong mode, zero or wrong originate timestamp, zero transmit timestamp) or stay silent. Its
// packets are built here byte by byte from RFC 4330, not with the firmware's codec.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fake_hal/fake_udp.h"

namespace fake {

struct NtpServerScript {
    int64_t unix_ms = 1765065600000;  // 2025-12-07T00:00:00Z
    uint8_t leap = 0, version = 4, mode = 4, stratum = 2;
    std::string kiss;  // non-empty: stratum 0 with this 4-letter code as the reference id
    bool zero_origin = false, wrong_origin = false, zero_transmit = false;
    bool silent = false;
    int answered = 0;  // requests seen
};

inline void put_ntp_time(uint8_t* p, int64_t unix_ms) {
    uint64_t secs = static_cast<uint64_t>(unix_ms / 1000 + 2208988800LL) & 0xFFFFFFFFu;
    uint64_t frac = ((static_cast<uint64_t>(unix_ms % 1000) << 32) + 999) / 1000;  // the ms, exactly, once truncated
    uint64_t v = (secs << 32) | frac;
    for (int i = 7; i >= 0; --i, v >>= 8) p[i] = static_cast<uint8_t>(v);
}

// A Datagrams::Server playing `script` (shared, so the test can change and read it).
inline Datagrams::Server ntp_server(std::shared_ptr<NtpServerScript> script) {
    return [script](const Datagrams::Bytes& req) {
        NtpServerScript& s = *script;
        ++s.answered;
        if (s.silent || req.size() < 48) return std::vector<Datagrams::Bytes>{};
        Datagrams::Bytes r(48, 0);
        r[0] = static_cast<uint8_t>((s.leap << 6) | (s.version << 3) | s.mode);
        r[1] = s.kiss.empty() ? s.stratum : 0;
        r[2] = 6;     // poll
        r[3] = 0xEC;  // precision
        if (!s.kiss.empty()) {
            for (size_t i = 0; i < 4 && i < s.kiss.size(); ++i) r[12 + i] = static_cast<uint8_t>(s.kiss[i]);
        } else {
            r[12] = 127, r[13] = 127, r[14] = 1, r[15] = 1;  // chrony's local reference
        }
        put_ntp_time(&r[16], s.unix_ms - 1000);  // reference time
        if (!s.zero_origin)
            std::copy(req.begin() + 40, req.begin() + 48, r.begin() + 24);  // originate = their transmit
        if (s.wrong_origin) r[31] ^= 1;
        put_ntp_time(&r[32], s.unix_ms);  // receive
        if (!s.zero_transmit) put_ntp_time(&r[40], s.unix_ms);
        return std::vector<Datagrams::Bytes>{r};
    };
}

}  // namespace fake
