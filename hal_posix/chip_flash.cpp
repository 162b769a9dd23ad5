#include "hal_posix/chip_flash.h"

#include <fstream>
#include <iterator>
#include <vector>

namespace hal_posix {

std::unique_ptr<FileFlash> open_chip_flash(const ChipEnv& env, std::string& error) {
    auto flash = FileFlash::open(env.flash_path, error);
    if (!flash || env.flash_change_path.empty()) return flash;
    std::ifstream in(env.flash_change_path, std::ios::binary);
    std::vector<uint8_t> content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (content.empty()) {
        error = env.flash_change_path + ": missing or empty (flash content after the change)";
        return nullptr;
    }
    flash->change_after_read(env.flash_change_at, std::move(content));
    return flash;
}

}  // namespace hal_posix
