// The per-device PoP: HMAC-SHA256(eFuse secret, "prov-pop"), first 40 bits in RFC 4648 base32.
// The expected values come from Python's hmac and base64.b32encode.
#include <gtest/gtest.h>

#include "fake_hal/fake_hal.h"
#include "firmware/prov/device_pop.h"

namespace {

TEST(DevicePop, KnownAnswers) {
    uint8_t counting[32], fives[32];
    for (int i = 0; i < 32; ++i) counting[i] = static_cast<uint8_t>(i);
    std::fill(std::begin(fives), std::end(fives), 0xA5);
    EXPECT_EQ(fw::prov::device_pop(counting).value(), "G2K6B2JR");
    EXPECT_EQ(fw::prov::device_pop(fives).value(), "UPQCUMXD");
}

TEST(DevicePop, EveryChipHasItsOwnTypablePop) {
    fake::RamEfuse a, b;
    b.secret[31] = 1;
    auto pa = fw::prov::device_pop(a), pb = fw::prov::device_pop(b);
    ASSERT_TRUE(pa.ok() && pb.ok());
    EXPECT_NE(*pa, *pb);
    EXPECT_EQ(pa->size(), fw::prov::kDevicePopLen);
    for (char c : *pa) EXPECT_TRUE((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7')) << *pa;
}

}  // namespace
