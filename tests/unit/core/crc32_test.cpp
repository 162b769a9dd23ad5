#include "firmware/core/crc32.h"

#include <gtest/gtest.h>

#include <cstdint>

TEST(Crc32, MatchesZlibCheckValue) { EXPECT_EQ(fw::crc32("123456789", 9), 0xCBF43926u); }

TEST(Crc32, MatchesEspIdfOtadataConvention) {
    // ESP-IDF: crc32_le(UINT32_MAX, &ota_seq, 4) with ota_seq = 1 gives 0x4743989A.
    uint8_t seq[4] = {1, 0, 0, 0};
    EXPECT_EQ(fw::crc32_le(UINT32_MAX, seq, 4), 0x4743989Au);
}

TEST(Crc32, ContinuesAcrossChunks) {
    const char* s = "hello, flash";
    uint32_t whole = fw::crc32(s, 12);
    uint32_t part = fw::crc32_le(fw::crc32(s, 5), s + 5, 7);
    EXPECT_EQ(whole, part);
}
