#include "stats.h"

#include <gtest/gtest.h>

namespace {

TEST(FleetStats, PercentilesByNearestRank) {
    std::vector<uint64_t> v;
    for (uint64_t i = 100; i >= 1; --i) v.push_back(i);
    auto p = fleet::percentiles(v);
    EXPECT_EQ(p["n"], 100);
    EXPECT_EQ(p["min"], 1);
    EXPECT_EQ(p["p50"], 50);
    EXPECT_EQ(p["p90"], 90);
    EXPECT_EQ(p["p99"], 99);
    EXPECT_EQ(p["max"], 100);
    auto one = fleet::percentiles({7});
    EXPECT_EQ(one["p50"], 7);
    EXPECT_EQ(one["p99"], 7);
    EXPECT_EQ(fleet::percentiles({})["n"], 0);
    EXPECT_FALSE(fleet::percentiles({}).contains("p50"));
}

TEST(FleetStats, HistogramCoversEveryValue) {
    auto h = fleet::histogram({0, 5, 9, 10, 19}, 2);
    ASSERT_EQ(h.size(), 2u);
    EXPECT_EQ(h[0]["from_ms"], 0);
    EXPECT_EQ(h[0]["to_ms"], 10);
    EXPECT_EQ(h[0]["devices"], 3);
    EXPECT_EQ(h[1]["devices"], 2);
    EXPECT_TRUE(fleet::histogram({}, 10).empty());
    auto same = fleet::histogram({0, 0, 0}, 10);
    uint64_t total = 0;
    for (const auto& b : same) total += b["devices"].get<uint64_t>();
    EXPECT_EQ(total, 3u);
}

}  // namespace
