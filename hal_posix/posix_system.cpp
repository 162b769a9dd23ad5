#include "hal_posix/posix_system.h"

#include <malloc.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

extern char** environ;

namespace hal_posix {
namespace {

// The heap an ESP32 app typically has free at start-up; host figures are reported against it.
constexpr size_t kHeapSize = 320 * 1024;

volatile sig_atomic_t g_button_presses = 0;

void on_button(int) { g_button_presses = g_button_presses + 1; }

}  // namespace

void PosixSystem::install_button() {
    struct sigaction sa {};
    sa.sa_handler = on_button;  // no SA_RESTART: the event loop's poll() wakes up at once
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, nullptr);
}

bool PosixSystem::poll_button() {
    if (g_button_presses == 0) return false;
    g_button_presses = g_button_presses - 1;
    return true;
}

void PosixSystem::restart() {
    std::fflush(nullptr);
    std::_Exit(kExitRestart);
}

void PosixSystem::halt(const char* why) {
    std::string line = std::string("chip halted: ") + why;
    log_.write_line(line.data(), line.size());
    std::fflush(nullptr);
    std::_Exit(kExitHalt);
}

hal::Status exec_from_flash(hal::Flash& flash, uint32_t offset, uint32_t len, const char* name) {
    std::vector<uint8_t> bytes(len);
    hal::Status s = flash.read(offset, bytes.data(), bytes.size());
    if (s != hal::Status::Ok) return s;
    const uint8_t* elf = bytes.data();
    std::fflush(nullptr);
    int fd = memfd_create(name, MFD_CLOEXEC);
    if (fd < 0) return hal::Status::Io;
    size_t off = 0;
    while (off < len) {
        ssize_t n = ::write(fd, elf + off, len - off);
        if (n <= 0) {
            ::close(fd);
            return hal::Status::Io;
        }
        off += static_cast<size_t>(n);
    }
    char* argv[] = {const_cast<char*>(name), nullptr};
    fexecve(fd, argv, environ);
    ::close(fd);  // fexecve returned: the payload is not an executable for this host
    return hal::Status::Io;
}

hal::Status PosixSystem::run_app(uint32_t image_offset, uint32_t payload_offset, uint32_t payload_size) {
    ChipEnv next = env_;
    next.image_offset = image_offset;
    next.to_environment();
    return exec_from_flash(flash_, payload_offset, payload_size, "app");
}

size_t PosixSystem::free_heap() {
    struct mallinfo2 mi = mallinfo2();
    size_t used = mi.uordblks + mi.hblkhd;
    size_t free_now = used >= kHeapSize ? 0 : kHeapSize - used;
    if (free_now < min_free_) min_free_ = free_now;
    return free_now;
}

size_t PosixSystem::min_free_heap() {
    free_heap();
    return min_free_;
}

}  // namespace hal_posix
