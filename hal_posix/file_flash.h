#pragma once
// The chip's SPI flash: a file (flash.bin) mapped into memory, so every write is visible to the
// next boot and to host tools reading the same file.
#include <memory>
#include <string>

#include "hal_posix/nor_flash.h"

namespace hal_posix {

class FileFlash : public NorFlash {
public:
    // Opens an existing image; its size must be a whole number of sectors. nullptr + `error` on failure.
    static std::unique_ptr<FileFlash> open(const std::string& path, std::string& error);
    ~FileFlash() override;
    FileFlash(const FileFlash&) = delete;
    FileFlash& operator=(const FileFlash&) = delete;

private:
    FileFlash() = default;
    uint8_t* map_ = nullptr;
    size_t map_len_ = 0;
};

}  // namespace hal_posix
