#include "firmware/core/decimal.h"

#include <gtest/gtest.h>

namespace {

TEST(Decimal, ReadsDigitsOnly) {
    uint64_t v = 7;
    EXPECT_TRUE(fw::parse_decimal("0", 5, v));
    EXPECT_EQ(v, 0u);
    EXPECT_TRUE(fw::parse_decimal("65535", 5, v));
    EXPECT_EQ(v, 65535u);
    EXPECT_TRUE(fw::parse_decimal("18446744073709551", 19, v));
    EXPECT_EQ(v, 18446744073709551u);
    for (const char* bad : {"", "+1", "-1", " 1", "1 ", "1a", "0x10", "1.0"}) {
        v = 99;
        EXPECT_FALSE(fw::parse_decimal(bad, 10, v)) << bad;
        EXPECT_EQ(v, 99u) << "left untouched on failure: " << bad;
    }
}

TEST(Decimal, RefusesMoreDigitsThanAllowed) {
    uint64_t v = 0;
    EXPECT_FALSE(fw::parse_decimal("123456", 5, v));
    EXPECT_FALSE(fw::parse_decimal("99999999999999999999", 25, v));  // 20 digits would overflow
    EXPECT_TRUE(fw::parse_decimal("9999999999999999999", 25, v));    // 19 fit in 64 bits
    EXPECT_EQ(v, 9999999999999999999u);
}

}  // namespace
