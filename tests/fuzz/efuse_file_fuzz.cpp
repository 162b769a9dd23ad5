// libFuzzer harness for the eFuse file of the simulated chip (hal_posix/posix_efuse.cpp): any
// bytes in the JSON file beside flash.bin, read at every power-on. A bad file must be refused
// with a reason, never crash the chip.
//
// Input: the file's contents.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "fake_hal/fake_hal.h"
#include "hal_posix/posix_efuse.h"

namespace {

volatile uint64_t g_sink;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // One in-memory file, rewritten for every input and opened by its /proc path.
    static const int fd = ::memfd_create("efuse.json", MFD_CLOEXEC);
    static const std::string path = "/proc/self/fd/" + std::to_string(fd);
    if (fd < 0 || ::ftruncate(fd, 0) != 0) __builtin_trap();
    if (size > 0 && ::pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)) __builtin_trap();

    fake::SeededRng rng;
    std::string error;
    auto efuse = hal_posix::PosixEfuse::open(path, rng, error);
    if (!efuse) {
        if (error.empty()) __builtin_trap();  // a refusal always says why
        g_sink = error.size();
        return 0;
    }
    uint8_t mac[6], secret[32], digest[32];
    efuse->mac(mac);
    efuse->device_secret(secret);
    uint64_t sum = efuse->secure_version() + (efuse->key_digest(digest) ? digest[0] : 0u);
    for (uint8_t b : mac) sum += b;
    for (uint8_t b : secret) sum += b;
    g_sink = sum;
    return 0;
}
