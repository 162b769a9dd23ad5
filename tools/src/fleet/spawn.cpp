#include "spawn.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "hal_posix/posix_efuse.h"
#include "hal_posix/posix_rng.h"

namespace fleet {

namespace fs = std::filesystem;

bool Chip::load(const std::string& radio_path, std::string& error) {
    if (!radio_path.empty()) {
        std::ifstream in(radio_path);
        radio = nlohmann::json::parse(in, nullptr, false);
        if (!in || radio.is_discarded() || !radio.is_object()) {
            error = radio_path + ": not a radio environment (JSON object)";
            return false;
        }
    }
    std::string efuse = template_path + ".efuse.json";
    if (fs::exists(efuse)) {
        hal_posix::PosixRng rng;
        auto e = hal_posix::PosixEfuse::open(efuse, rng, error);
        if (!e) return false;
        std::array<uint8_t, 32> d;
        if (e->key_digest(d.data())) key_digest = d;
    }
    return true;
}

std::string device_id(uint32_t number) {
    char id[16];
    std::snprintf(id, sizeof id, "ESP32_%06X", number & 0xffffff);
    return id;
}

std::string device_dir(const Chip& chip, uint32_t number) { return chip.workdir + "/" + device_id(number); }

pid_t power_on(const Chip& chip, uint32_t number, const std::optional<Outage>& outage, int& log_fd,
               std::string& error) {
    std::string dir = device_dir(chip, number);
    std::error_code ec;
    fs::remove_all(dir, ec);
    fs::create_directories(dir, ec);
    if (ec || !fs::copy_file(chip.template_path, dir + "/flash.bin", ec)) {
        error = dir + ": cannot copy the template: " + ec.message();
        return -1;
    }
    const uint8_t mac[6] = {0x24,
                            0x0a,
                            0xc4,
                            static_cast<uint8_t>(number >> 16),
                            static_cast<uint8_t>(number >> 8),
                            static_cast<uint8_t>(number)};
    hal_posix::PosixRng rng;
    if (!hal_posix::PosixEfuse::program(dir + "/flash.bin.efuse.json", mac,
                                        chip.key_digest ? chip.key_digest->data() : nullptr, rng, error))
        return -1;
    std::string radio;
    if (!chip.radio.is_null()) {
        nlohmann::json env = chip.radio;
        if (outage) env["outages"] = {{{"at_s", outage->at_s}, {"for_s", outage->for_s}}};
        radio = dir + "/radio.json";
        std::ofstream(radio) << env.dump() << "\n";
    }
    std::string log = dir + "/device.log";
    int out = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    log_fd = open(log.c_str(), O_RDONLY | O_CLOEXEC);
    if (out < 0 || log_fd < 0) {
        error = log + ": cannot open";
        if (out >= 0) close(out);
        if (log_fd >= 0) close(log_fd);
        return -1;
    }
    std::string flash = dir + "/flash.bin";
    pid_t pid = fork();
    if (pid == 0) {
        setsid();
        int in = open("/dev/null", O_RDONLY);
        dup2(in, 0);
        dup2(out, 1);
        dup2(out, 2);
        if (!chip.image_share_dir.empty()) setenv("FWCHIP_IMAGE_SHARE", chip.image_share_dir.c_str(), 1);
        if (radio.empty())
            execl(chip.device_bin.c_str(), "device", "--flash", flash.c_str(), static_cast<char*>(nullptr));
        else
            execl(chip.device_bin.c_str(), "device", "--flash", flash.c_str(), "--radio", radio.c_str(),
                  static_cast<char*>(nullptr));
        dprintf(2, "fleet: cannot run %s\n", chip.device_bin.c_str());
        _exit(127);
    }
    close(out);
    if (pid < 0) {
        error = std::string("fork: ") + std::strerror(errno);
        close(log_fd);
    }
    return pid;
}

}  // namespace fleet
