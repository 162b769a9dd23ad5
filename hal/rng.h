#pragma once
// Hardware random number generator (cryptographic quality on the real chip and on POSIX).
#include <cstddef>

namespace hal {

class Rng {
public:
    virtual ~Rng() = default;
    // Fills `len` bytes of caller-owned `dst`. Never fails.
    virtual void fill(void* dst, size_t len) = 0;
};

}  // namespace hal
