#pragma once
// Powering on one device of the fleet: its own copy of the template flash.bin, its own eFuse (as
// the factory programs a new chip: the MAC from the device's number, so that ids never collide in
// a fleet of any size, a random device secret, and the template's secure boot key digest if it
// has one), its own radio file when it is to lose its network, and its log. The device runs in
// its own session, so a Ctrl-C at the terminal reaches the supervisor, which stops the fleet.
#include <sys/types.h>

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace fleet {

struct Chip {
    std::string template_path;
    std::string device_bin;
    std::string workdir;
    nlohmann::json radio;  // the radio environment (null: the chip has no radio)
    std::optional<std::array<uint8_t, 32>> key_digest;
    // Where the chips register the images they run, to share one sealed copy of each
    // (hal_posix/shared_image.h); empty: each chip holds its own.
    std::string image_share_dir;

    // Reads the radio file and the template's eFuse key digest (TEMPLATE.efuse.json, if any).
    bool load(const std::string& radio_path, std::string& error);
};

struct Outage {
    double at_s = 0;  // after the device's power-on
    double for_s = 0;
};

// The device's id as its firmware names itself (ESP32_ and the MAC's last 3 bytes).
std::string device_id(uint32_t number);
std::string device_dir(const Chip& chip, uint32_t number);

// Starts the device; its pid, and in `log_fd` the log opened for reading. -1 with `error`.
pid_t power_on(const Chip& chip, uint32_t number, const std::optional<Outage>& outage, int& log_fd, std::string& error);

}  // namespace fleet
