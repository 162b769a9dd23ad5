// libFuzzer harness for the TLS record follower that picks a plaintext fatal alert out of what the
// server sends: any byte stream, cut into any pieces, must be followed without reading past the
// pieces, and the same stream cut differently must give the same answer.
//
// Input: byte 0 is the bytes per feed() (0: all at once), the rest is the server's stream.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "firmware/net/tls/tls_alert_sniffer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const size_t step = data[0] == 0 ? size : data[0];
    const uint8_t* in = data + 1;
    const size_t len = size - 1;
    fw::net::TlsAlertSniffer pieces, whole;
    for (size_t off = 0; off < len; off += step) pieces.feed(in + off, len - off < step ? len - off : step);
    whole.feed(in, len);
    if (pieces.fatal_alert() != whole.fatal_alert() || pieces.fatal_alert() < -1 || pieces.fatal_alert() > 255)
        std::abort();
    return 0;
}
