#include "firmware/core/backoff.h"

#include <gtest/gtest.h>

#include "fake_hal/fake_hal.h"

TEST(Backoff, WindowDoublesUpToCapAndDrawsWithinIt) {
    fake::SeededRng rng;
    fw::Backoff b(rng, 1000, 60000, 500);
    uint32_t expected_window[] = {1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000};
    for (uint32_t w : expected_window) {
        EXPECT_EQ(b.window_ms(), w);
        uint32_t d = b.next_ms();
        EXPECT_GE(d, 500u);
        EXPECT_LE(d, w);
    }
    b.reset();
    EXPECT_EQ(b.window_ms(), 1000u);
}

TEST(Backoff, JitterSpreadsDelays) {
    fake::SeededRng rng(42);
    uint32_t lo = UINT32_MAX, hi = 0;
    for (int i = 0; i < 200; ++i) {
        fw::Backoff b(rng, 1000, 60000, 100);
        for (int k = 0; k < 6; ++k) b.next_ms();  // window now 60000 (capped from 64000)
        uint32_t d = b.next_ms();
        lo = std::min(lo, d);
        hi = std::max(hi, d);
    }
    // Full jitter: draws cover most of [floor, cap], not a fixed value.
    EXPECT_LT(lo, 10000u);
    EXPECT_GT(hi, 50000u);
}

TEST(Backoff, NeverBelowFloorEvenAtHugeAttemptCounts) {
    fake::SeededRng rng(7);
    fw::Backoff b(rng, 1, 10, 5);
    for (int i = 0; i < 100; ++i) {
        uint32_t d = b.next_ms();
        EXPECT_GE(d, 5u);
        EXPECT_LE(d, 10u);
    }
}
