#include "hal_posix/sealed_exec.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "hal_posix/shared_image.h"

extern char** environ;

namespace hal_posix {

namespace {

// A new memfd holding `exe`, sealed; -1 on failure.
int sealed_copy(const uint8_t* exe, size_t len, const char* name) {
    int fd = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd < 0) return -1;
    size_t off = 0;
    while (off < len) {
        ssize_t n = ::write(fd, exe + off, len - off);
        if (n <= 0) {
            ::close(fd);
            return -1;
        }
        off += static_cast<size_t>(n);
    }
    // F_SEAL_SEAL too: nobody holding the fd (or /proc/<pid>/fd/N) can lift the others.
    if (fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

}  // namespace

hal::Status exec_sealed(const uint8_t* exe, size_t len, const char* name) {
    std::fflush(nullptr);
    const char* share = std::getenv("FWCHIP_IMAGE_SHARE");
    const bool sharing = share != nullptr && *share != '\0';
    int fd = sharing ? find_shared_image(share, exe, len, name) : -1;
    if (fd < 0) fd = sealed_copy(exe, len, name);
    if (fd < 0) return hal::Status::Io;
    if (sharing) offer_shared_image(share, exe, len, name);
    // A host that cannot execute the chip's programs itself (the 32-bit tree on a kernel without
    // IA-32 emulation, cmake/emulator.cmake) names the program that runs them: it is given the
    // sealed copy as /proc/self/fd/N, kept open across the exec for it.
    const char* emulator = std::getenv("FWCHIP_EMULATOR");
    if (emulator != nullptr && *emulator != '\0') {
        std::string image = "/proc/self/fd/" + std::to_string(fd);
        char* argv[] = {const_cast<char*>(emulator), const_cast<char*>("-0"), const_cast<char*>(name), image.data(),
                        nullptr};
        if (fcntl(fd, F_SETFD, 0) == 0) execve(emulator, argv, environ);
        ::close(fd);
        return hal::Status::Io;
    }
    char* argv[] = {const_cast<char*>(name), nullptr};
    fexecve(fd, argv, environ);
    ::close(fd);  // fexecve returned: the payload is not an executable for this host
    return hal::Status::Io;
}

}  // namespace hal_posix
