#include "firmware/net/tls/tls_alert_sniffer.h"

namespace fw::net {

void TlsAlertSniffer::feed(const uint8_t* data, size_t len) {
    for (size_t i = 0; i < len; ++i) {
        const uint8_t b = data[i];
        if (header_len_ < sizeof header_) {
            header_[header_len_++] = b;
            if (header_len_ < sizeof header_) continue;
            body_left_ = static_cast<size_t>(header_[3]) << 8 | header_[4];
            body_pos_ = 0;
            plain_alert_ = header_[0] == kAlert && body_left_ == 2;
            if (body_left_ == 0) header_len_ = 0;
            continue;
        }
        if (plain_alert_ && body_pos_ == 0) level_ = b;
        if (plain_alert_ && body_pos_ == 1 && level_ == 2) fatal_alert_ = b;
        ++body_pos_;
        if (--body_left_ == 0) header_len_ = 0;
    }
}

}  // namespace fw::net
