#include "hal_posix/posix_system.h"

#include <malloc.h>
#include <signal.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "hal_posix/heap_count.h"
#include "hal_posix/sealed_exec.h"

extern "C" HeapCountFirmware heap_count_firmware(void) __attribute__((weak));

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

hal::Status PosixSystem::run_app(uint32_t image_offset, const uint8_t* exe, size_t len) {
    ChipEnv next = env_;
    next.image_offset = image_offset;
    next.to_environment();
    return exec_sealed(exe, len, "app");
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

size_t PosixSystem::firmware_heap() { return heap_count_firmware != nullptr ? heap_count_firmware().bytes : 0; }

size_t PosixSystem::firmware_heap_peak() { return heap_count_firmware != nullptr ? heap_count_firmware().peak : 0; }

}  // namespace hal_posix
