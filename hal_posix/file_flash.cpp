#include "hal_posix/file_flash.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace hal_posix {

std::unique_ptr<FileFlash> FileFlash::open(const std::string& path, std::string& error) {
    int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        error = path + ": " + std::strerror(errno);
        return nullptr;
    }
    struct stat st {};
    if (fstat(fd, &st) != 0 || st.st_size <= 0 || st.st_size % kSectorSize != 0 || st.st_size > (1ll << 30)) {
        error = path + ": size " + std::to_string(st.st_size) + " is not a whole number of 4 KiB sectors";
        ::close(fd);
        return nullptr;
    }
    void* m = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    ::close(fd);
    if (m == MAP_FAILED) {
        error = path + ": mmap: " + std::strerror(errno);
        return nullptr;
    }
    std::unique_ptr<FileFlash> f(new FileFlash());
    f->map_ = static_cast<uint8_t*>(m);
    f->map_len_ = static_cast<size_t>(st.st_size);
    f->attach(f->map_, static_cast<uint32_t>(st.st_size));
    return f;
}

FileFlash::~FileFlash() {
    if (map_ != nullptr) {
        msync(map_, map_len_, MS_SYNC);
        munmap(map_, map_len_);
    }
}

}  // namespace hal_posix
