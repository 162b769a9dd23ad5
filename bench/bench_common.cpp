#include "bench_common.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <utility>

namespace bench {

// Nearest-rank quantile.
double Samples::quantile(double q) const {
    if (us.empty()) return 0;
    std::vector<double> s = us;
    std::sort(s.begin(), s.end());
    size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(s.size())));
    return s[std::clamp<size_t>(rank, 1, s.size()) - 1];
}

namespace {
std::function<void()> g_cleanup;
}  // namespace

void on_die(std::function<void()> cleanup) { g_cleanup = std::move(cleanup); }

void die(const std::string& why) {
    std::fprintf(stderr, "bench: %s\n", why.c_str());
    if (auto cleanup = std::exchange(g_cleanup, nullptr)) cleanup();
    std::exit(1);
}

}  // namespace bench
