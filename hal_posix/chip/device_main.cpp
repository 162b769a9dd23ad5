// `device`: the simulated ESP32. Power-on runs the chip's ROM loader: read the second-stage
// bootloader image from flash at 0x1000, verify it (and its signature when secure boot is on), and
// run it as a new process (the bootloader
// then runs the app the same way). A software restart or a crash re-enters power-on with the
// matching reset reason, so RAM state is really lost and the bootloader really runs again.
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "firmware/storage/loaded_image.h"
#include "firmware/storage/partition_table.h"
#include "hal_posix/chip_env.h"
#include "hal_posix/chip_flash.h"
#include "hal_posix/posix_efuse.h"
#include "hal_posix/posix_rng.h"
#include "hal_posix/posix_system.h"
#include "hal_posix/sealed_exec.h"

namespace {

constexpr uint32_t kBootloaderOffset = 0x1000;
constexpr uint32_t kBootloaderMax = fw::storage::kPartitionTableOffset - kBootloaderOffset;
pid_t g_child = 0;

void usage() {
    std::fprintf(stderr,
                 "usage: device --flash flash.bin [--efuse FILE] [--radio FILE] [--sensor FILE] [--prov-port N]\n"
                 "              [--prov-ble SOCKET] [--max-boots N] [--flash-change FILE --flash-change-at ADDR]\n"
                 "  --efuse      eFuse block (JSON); default: <flash>.efuse.json, created on first power-on\n"
                 "  --radio      simulated Wi-Fi environment (JSON)\n"
                 "  --sensor     sensor values to replay (CSV)\n"
                 "  --prov-port  SoftAP provisioning HTTP port on 127.0.0.1 (default: a free port)\n"
                 "  --prov-ble   provision over a BLE-like Unix socket at this path instead of SoftAP\n"
                 "  --max-boots  power off after N boots (tests)\n"
                 "  --flash-change, --flash-change-at\n"
                 "               once a read has returned the byte at ADDR, the flash holds FILE's bytes: a flash\n"
                 "               that changes between two reads (tests)\n"
                 "signals: SIGUSR1 presses the BOOT button (factory reset in the app)\n"
                 "environment: FWCHIP_IMAGE_SHARE=DIR: chips given the same DIR run one shared sealed copy of\n"
                 "               each image they verified alike (a fleet on one host)\n");
}

void forward_signal(int sig) {
    if (g_child > 0) kill(g_child, sig);
}

// What to do about a bootloader whose signature was refused.
const char* signature_advice(fw::storage::SigError e) {
    switch (e) {
        case fw::storage::SigError::NoBlock:
            return "the bootloader is unsigned: sign it with 'fwtool image sign' and the key burned in eFuse";
        case fw::storage::SigError::KeyNotTrusted:
            return "it is signed with another key than the one burned in eFuse: sign it with that key";
        default: return "the bootloader or its signature is damaged: flash one signed with the key burned in eFuse";
    }
}

// ROM loader: read the bootloader image once, verify that copy (format, SHA-256 and, with a key
// digest burned in eFuse, its secure boot v2 signature, as the ESP32 ROM does) and run exactly
// that copy. Only returns on failure: the chip then halts.
void rom_boot(const hal_posix::ChipEnv& env) {
    namespace fs = fw::storage;
    std::string error;
    auto flash = hal_posix::open_chip_flash(env, error);
    hal_posix::PosixRng rng;
    auto efuse = flash ? hal_posix::PosixEfuse::open(env.efuse_path, rng, error) : nullptr;
    if (!efuse) {
        std::fprintf(stderr, "rom: %s\n", error.c_str());
        return;
    }
    auto img = fs::load_image(fs::FlashRegion(*flash, kBootloaderOffset, kBootloaderMax));
    if (!img.ok()) {
        std::fprintf(stderr, "rom: invalid bootloader image at 0x%x: %s\n", kBootloaderOffset, fs::name_of(img.err()));
        return;
    }
    uint8_t key_digest[32];
    if (efuse->key_digest(key_digest)) {
        fs::SigError e = img->check_signature(key_digest);
        if (e != fs::SigError::None) {
            std::fprintf(stderr, "rom: secure boot: bootloader at 0x%x refused: %s; %s\n", kBootloaderOffset,
                         fs::name_of(e), signature_advice(e));
            return;
        }
        std::fprintf(stderr, "rom: secure boot: bootloader signature verified\n");
    }
    env.to_environment();
    hal_posix::exec_sealed(img->executable(), img->info.payload_len, "bootloader");
    std::fprintf(stderr, "rom: bootloader is not executable on this host\n");
}

}  // namespace

int main(int argc, char** argv) {
    hal_posix::ChipEnv env;
    long max_boots = 0;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "-h" || a == "--help") {
            usage();
            return 0;
        }
        if (i + 1 >= argc) {
            usage();
            return 2;
        }
        std::string v = argv[++i];
        if (a == "--flash")
            env.flash_path = v;
        else if (a == "--efuse")
            env.efuse_path = v;
        else if (a == "--radio")
            env.radio_path = v;
        else if (a == "--sensor")
            env.sensor_path = v;
        else if (a == "--prov-port")
            env.prov_port = static_cast<uint16_t>(std::stoul(v));
        else if (a == "--prov-ble")
            env.prov_ble_path = v;
        else if (a == "--max-boots")
            max_boots = std::stol(v);
        else if (a == "--flash-change")
            env.flash_change_path = v;
        else if (a == "--flash-change-at")
            env.flash_change_at = static_cast<uint32_t>(std::stoul(v, nullptr, 0));
        else {
            std::fprintf(stderr, "device: unknown option %s\n", a.c_str());
            usage();
            return 2;
        }
    }
    if (env.flash_path.empty()) {
        usage();
        return 2;
    }
    if (env.efuse_path.empty()) env.efuse_path = env.flash_path + ".efuse.json";
    std::signal(SIGINT, forward_signal);
    std::signal(SIGTERM, forward_signal);
    std::signal(SIGUSR1, forward_signal);  // the BOOT button, pressed on the running firmware
    std::setvbuf(stdout, nullptr, _IOLBF, 0);

    env.reset_reason = hal::ResetReason::PowerOn;
    for (env.boot_count = 1;; ++env.boot_count) {
        std::fflush(nullptr);
        g_child = fork();
        if (g_child < 0) {
            std::perror("device: fork");
            return 1;
        }
        if (g_child == 0) {
            rom_boot(env);
            _exit(hal_posix::kExitHalt);
        }
        int status = 0;
        while (waitpid(g_child, &status, 0) < 0 && errno == EINTR) {}
        g_child = 0;
        if (WIFEXITED(status)) {
            int code = WEXITSTATUS(status);
            if (code == hal_posix::kExitHalt) {
                std::fprintf(stderr, "device: chip halted\n");
                return 1;
            }
            if (code != hal_posix::kExitRestart) return code;
            env.reset_reason = hal::ResetReason::Software;
        } else if (WIFSIGNALED(status)) {
            int sig = WTERMSIG(status);
            if (sig == SIGINT || sig == SIGTERM) return 128 + sig;
            std::fprintf(stderr, "device: firmware crashed (signal %d): restarting\n", sig);
            env.reset_reason = hal::ResetReason::Panic;
            usleep(200 * 1000);  // a crash loop must not eat the host's CPU
        }
        if (max_boots > 0 && env.boot_count >= static_cast<uint32_t>(max_boots)) {
            std::fprintf(stderr, "device: %ld boots done, powering off\n", max_boots);
            return 0;
        }
    }
}
