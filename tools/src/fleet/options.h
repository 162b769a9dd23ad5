#pragma once
// fleetrun's command line (tools/fleet builds it; see usage()).
#include <sys/types.h>

#include <cstdint>
#include <string>

namespace fleet {

enum class Chaos { None, Broker, Wifi };

struct Options {
    unsigned devices = 0;
    uint32_t first_id = 1;  // device numbers first_id .. first_id + devices - 1
    std::string template_path;
    std::string device_bin;  // the chip: hal_posix/chip/device
    std::string workdir;
    std::string radio_path;  // the radio environment every device is given
    double ramp = 50;        // devices powered on per second
    std::string telemetry;   // a file with one line per message received (devcloud's record)
    Chaos chaos = Chaos::None;
    double chaos_at_s = 10;       // broker: once all are online and this long after the start; wifi: after the start
    double chaos_for_s = 5;       // how long the broker or the radio is gone
    double chaos_fraction = 0.5;  // wifi: the share of the fleet that loses its network
    pid_t broker_pid = 0;         // broker chaos: the running broker ...
    std::string broker_cmd;       // ... and the shell command that starts it again
    double hold_s = -1;           // once settled, run this long, then end; < 0: until stopped
    double timeout_s = 0;         // end after this long whatever the state; 0: never
    std::string summary_path;     // default: WORKDIR/summary.json
};

// Parses argv; false with a message in `error`; `help` set for --help.
bool parse_options(int argc, char** argv, Options& out, bool& help, std::string& error);
const char* usage();

}  // namespace fleet
