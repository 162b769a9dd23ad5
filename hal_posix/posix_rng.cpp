#include "hal_posix/posix_rng.h"

#include <sys/random.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>

namespace hal_posix {

void PosixRng::fill(void* dst, size_t len) {
    auto* p = static_cast<uint8_t*>(dst);
    while (len > 0) {
        ssize_t n = getrandom(p, len, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            std::abort();  // no entropy source: a chip without an RNG cannot run TLS
        }
        p += n;
        len -= static_cast<size_t>(n);
    }
}

}  // namespace hal_posix
