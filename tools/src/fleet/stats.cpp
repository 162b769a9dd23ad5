#include "stats.h"

#include <algorithm>

namespace fleet {

nlohmann::json percentiles(std::vector<uint64_t> values) {
    nlohmann::json j = {{"n", values.size()}};
    if (values.empty()) return j;
    std::sort(values.begin(), values.end());
    auto rank = [&](unsigned p) { return values[(values.size() * p + 99) / 100 - 1]; };
    j["p50"] = rank(50);
    j["p90"] = rank(90);
    j["p99"] = rank(99);
    j["min"] = values.front();
    j["max"] = values.back();
    return j;
}

nlohmann::json histogram(const std::vector<uint64_t>& values, unsigned buckets) {
    nlohmann::json out = nlohmann::json::array();
    if (values.empty() || buckets == 0) return out;
    uint64_t top = *std::max_element(values.begin(), values.end()) + 1;
    uint64_t width = std::max<uint64_t>(1, (top + buckets - 1) / buckets);
    std::vector<uint64_t> counts(buckets, 0);
    for (uint64_t v : values) ++counts[std::min<uint64_t>(v / width, buckets - 1)];
    for (unsigned i = 0; i < buckets; ++i)
        out.push_back({{"from_ms", i * width}, {"to_ms", (i + 1) * width}, {"devices", counts[i]}});
    return out;
}

}  // namespace fleet
