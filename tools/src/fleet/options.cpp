#include "options.h"

#include <cstdint>

#include "tools/src/cli/option_table.h"

namespace fleet {

const char* usage() {
    return "usage: fleetrun --devices N --template FLASH --device-bin DEVICE --workdir DIR [--radio FILE]\n"
           "                [--first-id K] [--ramp R] [--telemetry FILE] [--hold S] [--timeout S] [--summary FILE]\n"
           "                [--chaos broker|wifi] [--chaos-at S] [--chaos-for S] [--chaos-fraction F]\n"
           "                [--broker-pid PID --broker-cmd CMD]\n"
           "Powers on N devices from copies of FLASH, each chip with its own eFuse (MAC from its number K),\n"
           "follows their logs and writes a summary (DIR/summary.json). SIGINT/SIGTERM end the run.\n";
}

bool parse_options(int argc, char** argv, Options& o, bool& help, std::string& error) {
    constexpr long long kIds = 0xffffff;  // device numbers are 24 bits (the MAC's last three bytes)
    constexpr double kDay = 86400;
    cli::OptionTable t;
    t.integer("--devices", o.devices, 1, kIds).integer("--first-id", o.first_id, 0, kIds);
    t.text("--template", o.template_path).text("--device-bin", o.device_bin).text("--workdir", o.workdir);
    t.text("--radio", o.radio_path).text("--telemetry", o.telemetry).text("--summary", o.summary_path);
    t.real("--ramp", o.ramp, 0, 1e6).real("--hold", o.hold_s, 0, kDay).real("--timeout", o.timeout_s, 0, kDay);
    t.real("--chaos-at", o.chaos_at_s, 0, kDay).real("--chaos-for", o.chaos_for_s, 0, kDay);
    t.real("--chaos-fraction", o.chaos_fraction, 0, 1);
    t.integer("--broker-pid", o.broker_pid, 1, INT32_MAX).text("--broker-cmd", o.broker_cmd);
    t.value(
        "--chaos",
        [&o](const std::string& v) {
            o.chaos = v == "broker" ? Chaos::Broker : v == "wifi" ? Chaos::Wifi : Chaos::None;
            return o.chaos != Chaos::None;
        },
        "takes broker or wifi");
    cli::Parsed parsed = t.parse(argc, argv);
    help = parsed == cli::Parsed::Help;
    if (parsed != cli::Parsed::Ok || !t.require({"--devices", "--template", "--device-bin", "--workdir"})) {
        error = t.error();
        return help;
    }
    if (o.ramp <= 0 || o.chaos_fraction > 1 || o.chaos_for_s <= 0 || o.first_id + o.devices > 0x1000000) {
        error = "--ramp and --chaos-for must be > 0, --chaos-fraction at most 1, device numbers below 2^24";
        return false;
    }
    if (o.chaos == Chaos::Broker && (o.broker_pid == 0 || o.broker_cmd.empty())) {
        error = "--chaos broker needs --broker-pid and --broker-cmd";
        return false;
    }
    if (o.summary_path.empty()) o.summary_path = o.workdir + "/summary.json";
    return true;
}

}  // namespace fleet
