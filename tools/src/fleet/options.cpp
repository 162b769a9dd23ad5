#include "options.h"

#include <map>
#include <stdexcept>

namespace fleet {

const char* usage() {
    return "usage: fleetrun --devices N --template FLASH --device-bin DEVICE --workdir DIR [--radio FILE]\n"
           "                [--first-id K] [--ramp R] [--telemetry FILE] [--hold S] [--timeout S] [--summary FILE]\n"
           "                [--chaos broker|wifi] [--chaos-at S] [--chaos-for S] [--chaos-fraction F]\n"
           "                [--broker-pid PID --broker-cmd CMD]\n"
           "Powers on N devices from copies of FLASH, each chip with its own eFuse (MAC from its number K),\n"
           "follows their logs and writes a summary (DIR/summary.json). SIGINT/SIGTERM end the run.\n";
}

bool parse_options(int argc, char** argv, Options& o, std::string& error) {
    std::map<std::string, std::string> v;
    for (int i = 1; i < argc; i += 2) {
        std::string key = argv[i];
        if (key.rfind("--", 0) != 0 || i + 1 >= argc) {
            error = "expected --option VALUE at '" + key + "'";
            return false;
        }
        v[key.substr(2)] = argv[i + 1];
    }
    auto take = [&](const char* k, auto& field, auto convert) {
        auto it = v.find(k);
        if (it == v.end()) return;
        field = convert(it->second);
        v.erase(it);
    };
    auto text = [](const std::string& s) { return s; };
    auto real = [](const std::string& s) {
        size_t used = 0;
        double d = std::stod(s, &used);
        if (used != s.size() || d < 0) throw std::invalid_argument(s);
        return d;
    };
    auto count = [](const std::string& s) {
        size_t used = 0;
        unsigned long n = std::stoul(s, &used);
        if (used != s.size() || s[0] == '-' || n > 0xffffff) throw std::invalid_argument(s);
        return static_cast<uint32_t>(n);
    };
    try {
        take("devices", o.devices, count);
        take("first-id", o.first_id, count);
        take("template", o.template_path, text);
        take("device-bin", o.device_bin, text);
        take("workdir", o.workdir, text);
        take("radio", o.radio_path, text);
        take("ramp", o.ramp, real);
        take("telemetry", o.telemetry, text);
        take("chaos-at", o.chaos_at_s, real);
        take("chaos-for", o.chaos_for_s, real);
        take("chaos-fraction", o.chaos_fraction, real);
        take("broker-pid", o.broker_pid, count);
        take("broker-cmd", o.broker_cmd, text);
        take("hold", o.hold_s, real);
        take("timeout", o.timeout_s, real);
        take("summary", o.summary_path, text);
        std::string chaos;
        take("chaos", chaos, text);
        if (chaos == "broker") o.chaos = Chaos::Broker;
        else if (chaos == "wifi") o.chaos = Chaos::Wifi;
        else if (!chaos.empty()) throw std::invalid_argument("--chaos takes broker or wifi");
    } catch (const std::exception& e) {
        error = std::string("bad value: ") + e.what();
        return false;
    }
    if (!v.empty()) {
        error = "unknown option --" + v.begin()->first;
        return false;
    }
    if (o.devices == 0 || o.template_path.empty() || o.device_bin.empty() || o.workdir.empty()) {
        error = "--devices, --template, --device-bin and --workdir are required";
        return false;
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
