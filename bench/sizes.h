#pragma once
// The size of the flash images and of each firmware layer's code.
#include "report.h"

namespace bench {

// Archives and tools are the build's (compile definitions set by bench/CMakeLists.txt).
void code_sizes(Report& report);

}  // namespace bench
