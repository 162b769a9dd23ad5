#include "firmware/core/backoff.h"

#include <algorithm>

namespace fw {

uint32_t Backoff::window_ms() const {
    uint64_t w = static_cast<uint64_t>(base_) << std::min<uint32_t>(attempt_, 31);
    return static_cast<uint32_t>(std::max<uint64_t>(floor_, std::min<uint64_t>(w, cap_)));
}

uint32_t Backoff::next_ms() {
    uint32_t hi = window_ms();
    ++attempt_;
    uint32_t r;
    rng_.fill(&r, sizeof r);
    uint32_t span = hi - floor_;
    return floor_ + (span == 0 ? 0 : r % (span + 1));
}

}  // namespace fw
