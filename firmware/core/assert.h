#pragma once
// FW_ASSERT: a broken invariant inside the firmware (a bug, never bad input: bad input gets an
// error value). It logs the expression and its place, then stops the chip through hal::System,
// as ESP-IDF's assert() ends in abort() and the panic handler. Without exceptions there is nothing
// to unwind; carrying on would only turn the bug into a memory error somewhere else.
#include "hal/system.h"

namespace fw {

// The app installs its chip at boot. Until then (the bootloader before its HAL is up, unit
// tests, host tools) a failed assertion aborts the process.
void set_assert_system(hal::System* system);

[[noreturn]] void assert_failed(const char* expr, const char* file, int line);

}  // namespace fw

#define FW_ASSERT(cond) ((cond) ? static_cast<void>(0) : ::fw::assert_failed(#cond, __FILE__, __LINE__))
