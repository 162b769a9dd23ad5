#include "hal_posix/shared_image.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace hal_posix {
namespace {

// The registry's folder for an image: its kind, length and FNV-1a hash. Only a name: a collision
// costs a failed comparison, never a wrong image.
std::string image_dir(const std::string& dir, const uint8_t* exe, size_t len, const char* name) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < len; ++i) h = (h ^ exe[i]) * 0x100000001b3ull;
    char buf[64];
    std::snprintf(buf, sizeof buf, "-%zu-%016llx", len, static_cast<unsigned long long>(h));
    return dir + "/" + name + buf;
}

// An entry's name is the pid of a chip that ran the image: decimal digits only, else 0.
pid_t pid_of(const char* entry) {
    long pid = 0;
    for (const char* c = entry; *c != '\0'; ++c) {
        if (*c < '0' || *c > '9' || pid > 99999999) return 0;
        pid = pid * 10 + (*c - '0');
    }
    return static_cast<pid_t>(pid);
}

}  // namespace

bool holds_exactly(int fd, const uint8_t* exe, size_t len) {
    constexpr int kSeals = F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW;
    int seals = fcntl(fd, F_GET_SEALS);
    if (seals < 0 || (seals & kSeals) != kSeals) return false;
    struct stat st {};
    if (fstat(fd, &st) != 0 || st.st_size < 0 || static_cast<size_t>(st.st_size) != len) return false;
    if (len == 0) return true;
    void* mapped = mmap(nullptr, len, PROT_READ, MAP_SHARED, fd, 0);
    if (mapped == MAP_FAILED) return false;
    bool same = std::memcmp(mapped, exe, len) == 0;
    munmap(mapped, len);
    return same;
}

int find_shared_image(const std::string& dir, const uint8_t* exe, size_t len, const char* name) {
    // std::filesystem rather than readdir(): a 32-bit program's readdir() fails on the 64-bit
    // directory offsets a 64-bit kernel gives it under an emulator (the 32-bit tree under qemu).
    namespace fs = std::filesystem;
    std::error_code ec;
    for (fs::directory_iterator it(image_dir(dir, exe, len, name), ec), end; !ec && it != end; it.increment(ec)) {
        pid_t pid = pid_of(it->path().filename().c_str());
        if (pid <= 0) continue;
        // A chip that is gone leaves its entry: the first to notice removes it.
        if (kill(pid, 0) != 0 && errno == ESRCH) {
            std::error_code ignored;
            fs::remove(it->path(), ignored);
            continue;
        }
        int fd = ::open(("/proc/" + std::to_string(pid) + "/exe").c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) continue;
        if (holds_exactly(fd, exe, len)) return fd;
        ::close(fd);
    }
    return -1;
}

void offer_shared_image(const std::string& dir, const uint8_t* exe, size_t len, const char* name) {
    std::string folder = image_dir(dir, exe, len, name);
    if (mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST) return;
    int fd = ::open((folder + "/" + std::to_string(getpid())).c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd >= 0) ::close(fd);
}

}  // namespace hal_posix
