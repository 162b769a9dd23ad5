#pragma once
// What the firmware is compared with besides paho-mqtt-c, measured in the same run against the
// same broker: the same TLS library with no firmware around it (a plain blocking mbedtls client),
// OpenSSL's own client (`openssl s_time`), and the broker's intake ceiling.
#include "bench_common.h"

namespace bench {

// Full or resumed (session ticket or id of the previous handshake) handshakes of a blocking
// mbedtls client with TCP_NODELAY: connect, handshake, close_notify, close.
Samples plain_mbedtls_handshakes(const Target& t, const Identity& id, int n, bool resume);

// `openssl s_time` for about `seconds` of its CPU time: milliseconds of wall time per connection,
// full (-new) and resumed (-reuse). 0 when the tool fails.
struct STime {
    double full_ms = 0, resumed_ms = 0;
    size_t full_n = 0, resumed_n = 0;
};
STime openssl_s_time(const Target& t, const Identity& id, int seconds);

// An ideal client: CONNECT, then `count` pre-built QoS 0 PUBLISH packets written in 16 KiB TLS
// records by the plain mbedtls client, then a QoS 1 marker; timed from the first write to the
// marker's PUBACK, which shows the broker read everything before it.
Throughput broker_ceiling(const Target& t, const Identity& id, size_t payload, size_t count);

}  // namespace bench
