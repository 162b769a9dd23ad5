#pragma once
// Runs a program held in memory, as the chip runs the code it loaded into RAM.
#include <cstddef>
#include <cstdint>

#include "hal/status.h"

namespace hal_posix {

// Replaces this process with the ELF `exe` (the chip environment must already be exported). The
// bytes are copied into a memfd that is sealed against any write, shrink or grow before it is
// executed, so the program that runs is exactly the buffer the caller verified. Returns only on
// failure. With FWCHIP_IMAGE_SHARE naming a directory, chips that run the same image share one
// sealed copy of it (hal_posix/shared_image.h). With FWCHIP_EMULATOR set (a host simulation
// detail: the 32-bit tree on a host that cannot run i386 programs), that emulator is executed
// instead, on the same sealed copy.
hal::Status exec_sealed(const uint8_t* exe, size_t len, const char* name);

}  // namespace hal_posix
