#include "firmware/core/hex.h"

#include <gtest/gtest.h>

namespace {

TEST(Hex, RoundTripsEitherCase) {
    std::vector<uint8_t> out;
    ASSERT_TRUE(fw::hex_decode("00ff7Fa0", out));
    EXPECT_EQ(out, (std::vector<uint8_t>{0x00, 0xff, 0x7f, 0xa0}));
    EXPECT_EQ(fw::hex_encode(out), "00ff7fa0");
    ASSERT_TRUE(fw::hex_decode("", out));
    EXPECT_TRUE(out.empty());
}

TEST(Hex, RefusesOddLengthAndNonDigits) {
    std::vector<uint8_t> out{1};
    EXPECT_FALSE(fw::hex_decode("abc", out));
    EXPECT_TRUE(out.empty());
    EXPECT_FALSE(fw::hex_decode("0g", out));
    EXPECT_FALSE(fw::hex_decode("0 ", out));
}

TEST(Hex, FixedLengthTakesExactlyNBytesWithOptionalSeparators) {
    uint8_t mac[6] = {};
    ASSERT_TRUE(fw::hex_decode("24:0A:c4:00:01:ff", mac, sizeof mac));
    EXPECT_EQ(fw::hex_encode(mac, sizeof mac), "240ac40001ff");
    ASSERT_TRUE(fw::hex_decode("240ac40001fe", mac, sizeof mac));
    EXPECT_EQ(mac[5], 0xfe);
    for (const char* bad : {"", "240ac40001", "240ac40001ff00", "24:0a:c4:00:01:f", ":240ac40001ff",
                            "240ac40001ff:", "24::0a:c4:00:01:ff", "24 0a c4 00 01 ff", "240ac40001fg"})
        EXPECT_FALSE(fw::hex_decode(bad, mac, sizeof mac)) << bad;
}

}  // namespace
