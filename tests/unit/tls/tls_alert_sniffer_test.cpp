// Which fatal alert the server sent, as TlsAlertSniffer reads it from the record stream.
#include "firmware/net/tls/tls_alert_sniffer.h"

#include <gtest/gtest.h>

#include <vector>

namespace {

using fw::net::TlsAlertSniffer;
using Bytes = std::vector<uint8_t>;

const Bytes kHandshake = {0x16, 0x03, 0x03, 0x00, 0x04, 0x0b, 0x00, 0x00, 0x00};
Bytes alert(uint8_t level, uint8_t description) { return {0x15, 0x03, 0x03, 0x00, 0x02, level, description}; }

Bytes join(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

int sniff(const Bytes& stream, size_t step) {
    TlsAlertSniffer s;
    for (size_t off = 0; off < stream.size(); off += step)
        s.feed(stream.data() + off, std::min(step, stream.size() - off));
    return s.fatal_alert();
}

TEST(TlsAlertSniffer, FindsAPlaintextFatalAlertAfterOtherRecordsHoweverSplit) {
    Bytes stream = join({kHandshake, alert(2, 42)});
    for (size_t step : {1u, 2u, 5u, 7u, 100u}) EXPECT_EQ(sniff(stream, step), 42) << step;
}

TEST(TlsAlertSniffer, IgnoresWarningsEncryptedAlertsAndLookalikesInsideRecords) {
    EXPECT_EQ(sniff(alert(1, 0), 1), -1);  // close_notify warning
    Bytes encrypted = {0x15, 0x03, 0x03, 0x00, 0x1a};
    encrypted.resize(5 + 0x1a, 0x02);
    EXPECT_EQ(sniff(encrypted, 3), -1);
    // An application-data record whose body happens to look like an alert record.
    Bytes data = join({{0x17, 0x03, 0x03, 0x00, 0x07}, alert(2, 48)});
    EXPECT_EQ(sniff(data, 1), -1);
    EXPECT_EQ(sniff({}, 1), -1);
}

TEST(TlsAlertSniffer, ResetForgetsTheAlertAndAHalfReadRecord) {
    TlsAlertSniffer s;
    Bytes a = alert(2, 45);
    s.feed(a.data(), a.size());
    EXPECT_EQ(s.fatal_alert(), 45);
    s.feed(kHandshake.data(), 3);  // cut mid-header
    s.reset();
    s.feed(a.data(), a.size());
    EXPECT_EQ(s.fatal_alert(), 45);
    s.reset();
    EXPECT_EQ(s.fatal_alert(), -1);
}

}  // namespace
