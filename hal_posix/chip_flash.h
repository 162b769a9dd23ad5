#pragma once
// The chip's flash as power-on and the programs it runs see it: flash.bin, with the test fault
// the chip environment asks for armed.
#include <memory>
#include <string>

#include "hal_posix/chip_env.h"
#include "hal_posix/file_flash.h"

namespace hal_posix {

std::unique_ptr<FileFlash> open_chip_flash(const ChipEnv& env, std::string& error);

}  // namespace hal_posix
