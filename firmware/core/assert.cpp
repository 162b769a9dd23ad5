#include "firmware/core/assert.h"

#include <cstdlib>

#include "firmware/core/log.h"

namespace fw {
namespace {

hal::System* g_system = nullptr;

}  // namespace

void set_assert_system(hal::System* system) { g_system = system; }

void assert_failed(const char* expr, const char* file, int line) {
    // Written at any level: the line that explains a stop must not be filtered away.
    log::write(log::Level::Error, "assert", "%s:%d: %s", file, line, expr);
    if (g_system != nullptr) g_system->halt("assertion failed");
    std::abort();
}

}  // namespace fw
