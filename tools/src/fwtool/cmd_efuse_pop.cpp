// `fwtool efuse pop EFUSE.json`: the chip's Wi-Fi provisioning proof of possession, derived from
// its eFuse device secret by the firmware's own code, as a factory prints it on the label.
#include <cstdio>
#include <filesystem>

#include "commands.h"
#include "file_io.h"
#include "firmware/prov/device_pop.h"
#include "hal_posix/posix_efuse.h"
#include "hal_posix/posix_rng.h"

namespace fwtool {

int cmd_efuse_pop(const Args& args) {
    if (args.size() != 2 || args[0] != "pop") return fail("usage: efuse pop EFUSE.json");
    const std::string& path = args[1];
    // Opening a missing file would make a new chip's fuses: this reads an existing one only.
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        return fail(path + ": no such eFuse file (the chip writes it at its first power-on)");
    std::string error;
    hal_posix::PosixRng rng;
    auto efuse = hal_posix::PosixEfuse::open(path, rng, error);
    if (!efuse) return fail(error);
    auto pop = fw::prov::device_pop(*efuse);
    if (!pop.ok()) return fail(path + ": cannot derive the PoP (HMAC-SHA256 failed)");
    std::printf("%s\n", pop->c_str());
    return 0;
}

}  // namespace fwtool
