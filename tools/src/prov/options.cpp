#include "tools/src/prov/options.h"

#include <cstdlib>

namespace provcli {

const char* const kUsage =
    "usage: prov --transport softap|ble --service_name NAME [--sec_ver 0|1] [--pop POP]\n"
    "            [--ssid SSID [--passphrase PASS]] [--custom_data DATA] [--scan]\n"
    "            [--timeout_s N] [--poll_ms N]\n"
    "  --service_name  host:port for softap, the socket path for ble\n"
    "  --sec_ver       security scheme (default: what the device's proto-ver says)\n"
    "  --scan          list the networks the device sees\n"
    "exit status: 0 when the device reports Connected (or a --scan/--custom_data run without\n"
    "--ssid succeeded), 1 on a usage, link or session error, 2 when the device reports a failure,\n"
    "3 when it did not finish joining in time\n";

namespace {

bool to_int(const std::string& s, int lo, int hi, int& out) {
    char* end = nullptr;
    long v = std::strtol(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0' || v < lo || v > hi) return false;
    out = static_cast<int>(v);
    return true;
}

}  // namespace

bool parse_options(int argc, char** argv, Options& o, bool& help, std::string& err) {
    help = false;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "-h" || arg == "--help") {
            help = true;
            return true;
        }
        if (arg == "--scan") {
            o.scan = true;
            continue;
        }
        std::string value;
        size_t eq = arg.find('=');
        if (eq != std::string::npos) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
        } else if (i + 1 < argc) {
            value = argv[++i];
        } else {
            err = "missing value for " + arg;
            return false;
        }
        if (arg == "--transport") {
            o.transport = value;
        } else if (arg == "--service_name") {
            o.service_name = value;
        } else if (arg == "--sec_ver") {
            if (!to_int(value, 0, 1, o.sec_ver)) {
                err = "--sec_ver must be 0 or 1";
                return false;
            }
        } else if (arg == "--pop") {
            o.pop = value;
        } else if (arg == "--ssid") {
            o.ssid = value;
            o.has_ssid = true;
        } else if (arg == "--passphrase") {
            o.passphrase = value;
        } else if (arg == "--custom_data") {
            o.custom_data = value;
            o.has_custom_data = true;
        } else if (arg == "--timeout_s") {
            if (!to_int(value, 1, 3600, o.timeout_s)) {
                err = "--timeout_s must be 1..3600";
                return false;
            }
        } else if (arg == "--poll_ms") {
            if (!to_int(value, 10, 60000, o.poll_ms)) {
                err = "--poll_ms must be 10..60000";
                return false;
            }
        } else {
            err = "unknown option " + arg;
            return false;
        }
    }
    if (o.transport != "softap" && o.transport != "ble") {
        err = "--transport must be softap or ble";
        return false;
    }
    if (o.service_name.empty()) {
        err = "--service_name is required";
        return false;
    }
    if (!o.has_ssid && !o.scan && !o.has_custom_data) {
        err = "nothing to do: give --ssid, --scan or --custom_data";
        return false;
    }
    return true;
}

}  // namespace provcli
