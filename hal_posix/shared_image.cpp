#include "hal_posix/shared_image.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

namespace hal_posix {
namespace {

// The registry's name for an image: its kind, length and FNV-1a hash. Only a name: a collision
// costs a failed comparison, never a wrong image.
std::string entry_path(const std::string& dir, const uint8_t* exe, size_t len, const char* name) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < len; ++i) h = (h ^ exe[i]) * 0x100000001b3ull;
    char buf[64];
    std::snprintf(buf, sizeof buf, "-%zu-%016llx", len, static_cast<unsigned long long>(h));
    return dir + "/" + name + buf;
}

// The pid an entry holds: decimal digits only, else 0.
pid_t read_pid(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    char buf[16];
    ssize_t n = ::read(fd, buf, sizeof buf);
    ::close(fd);
    if (n <= 0 || n >= static_cast<ssize_t>(sizeof buf)) return 0;
    long pid = 0;
    for (ssize_t i = 0; i < n; ++i) {
        if (buf[i] < '0' || buf[i] > '9') return 0;
        pid = pid * 10 + (buf[i] - '0');
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
    pid_t pid = read_pid(entry_path(dir, exe, len, name));
    if (pid <= 0) return -1;
    int fd = ::open(("/proc/" + std::to_string(pid) + "/exe").c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    if (holds_exactly(fd, exe, len)) return fd;
    ::close(fd);
    return -1;
}

void offer_shared_image(const std::string& dir, const uint8_t* exe, size_t len, const char* name) {
    // Written aside and renamed over the entry, so a reader never sees half a pid.
    std::string path = entry_path(dir, exe, len, name);
    std::string pid = std::to_string(getpid());
    std::string tmp = path + "." + pid;
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return;
    bool written = ::write(fd, pid.data(), pid.size()) == static_cast<ssize_t>(pid.size());
    ::close(fd);
    if (!written || ::rename(tmp.c_str(), path.c_str()) != 0) ::unlink(tmp.c_str());
}

}  // namespace hal_posix
