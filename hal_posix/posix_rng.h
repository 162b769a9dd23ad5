#pragma once
#include "hal/rng.h"

namespace hal_posix {

// The kernel's CSPRNG (getrandom), standing in for the chip's hardware RNG.
class PosixRng : public hal::Rng {
public:
    void fill(void* dst, size_t len) override;
};

}  // namespace hal_posix
