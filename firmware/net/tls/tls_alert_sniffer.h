#pragma once
// Follows the TLS record headers of what the server sends, to learn which fatal alert it sent:
// mbedtls 3.6 reports only that one arrived. Plaintext alerts (TLS 1.2 handshakes, and TLS 1.3
// before the server's first encrypted record) are records of type 21 and length 2; an encrypted
// alert is longer (TLS 1.2) or hidden in an application-data record (TLS 1.3) and stays unknown.
#include <cstddef>
#include <cstdint>

namespace fw::net {

class TlsAlertSniffer {
public:
    void reset() { *this = TlsAlertSniffer(); }
    // The next bytes of the server's stream, in order, however they were split.
    void feed(const uint8_t* data, size_t len);
    // The description of the last plaintext fatal alert, -1 if none was seen.
    int fatal_alert() const { return fatal_alert_; }

private:
    static constexpr uint8_t kAlert = 21;
    uint8_t header_[5] = {};
    size_t header_len_ = 0;  // header bytes of the current record seen so far (5: in the body)
    size_t body_left_ = 0;
    size_t body_pos_ = 0;
    bool plain_alert_ = false;  // the current record is an alert of length 2
    uint8_t level_ = 0;
    int fatal_alert_ = -1;
};

}  // namespace fw::net
