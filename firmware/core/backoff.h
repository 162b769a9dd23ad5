#pragma once
// Exponential backoff with full jitter (AWS architecture blog's "Full Jitter"): the n-th delay is
// uniform in [floor, min(cap, base * 2^n)]. The floor keeps a reconnect storm impossible even when
// the random draw is 0.
#include <cstdint>

#include "hal/rng.h"

namespace fw {

class Backoff {
public:
    Backoff(hal::Rng& rng, uint32_t base_ms, uint32_t cap_ms, uint32_t floor_ms)
        : rng_(rng), base_(base_ms), cap_(cap_ms), floor_(floor_ms) {}

    uint32_t next_ms();
    void reset() { attempt_ = 0; }
    // Upper bound of the window the next call draws from.
    uint32_t window_ms() const;

private:
    hal::Rng& rng_;
    uint32_t base_, cap_, floor_;
    uint32_t attempt_ = 0;
};

}  // namespace fw
