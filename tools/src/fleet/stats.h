#pragma once
// Percentiles and histograms of the fleet's figures, as JSON.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

namespace fleet {

// {"n", "min", "p50", "p90", "p99", "max"} (nearest rank); {"n": 0} for no values.
nlohmann::json percentiles(std::vector<uint64_t> values);
// [{"from_ms", "to_ms", "devices"}...]: `buckets` equal buckets from 0 to the largest value.
nlohmann::json histogram(const std::vector<uint64_t>& values, unsigned buckets);

}  // namespace fleet
