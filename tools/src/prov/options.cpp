#include "tools/src/prov/options.h"

#include <cstdlib>

namespace provcli {

const char* const kUsage =
    "usage: prov --transport softap|ble --service_name NAME [--sec_ver 0|1|2] [--pop POP]\n"
    "            [--sec2_username USER --sec2_pwd PASS]\n"
    "            [--ssid SSID [--passphrase PASS]] [--custom_data DATA] [--scan] [--reset | --reprov]\n"
    "            [--timeout_s N] [--poll_ms N]\n"
    "       prov --sec_ver 2 --sec2_gen_cred --sec2_username USER --sec2_pwd PASS [--sec2_salt_len N]\n"
    "  --service_name  host:port for softap, the socket path for ble\n"
    "  --sec_ver       security scheme (default: what the device's proto-ver says)\n"
    "  --sec2_gen_cred print the device's security 2 salt and verifier as `fwtool nvs gen` JSON\n"
    "  --scan          list the networks the device sees\n"
    "  --reset         after a failed join, let the device take new credentials (prov-ctrl)\n"
    "  --reprov        send the device back to provisioning (prov-ctrl)\n"
    "exit status: 0 when the device reports Connected (or a --scan/--custom_data/--reset/--reprov\n"
    "run without --ssid succeeded), 1 on a usage, link or session error, 2 when the device reports\n"
    "a failure, 3 when it did not finish joining in time\n";

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
        if (arg == "--scan" || arg == "--reset" || arg == "--reprov" || arg == "--sec2_gen_cred") {
            bool& flag = arg == "--scan" ? o.scan : arg == "--reset" ? o.reset : arg == "--reprov" ? o.reprov : o.sec2_gen_cred;
            flag = true;
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
            if (!to_int(value, 0, 2, o.sec_ver)) {
                err = "--sec_ver must be 0, 1 or 2";
                return false;
            }
        } else if (arg == "--pop") {
            o.pop = value;
        } else if (arg == "--sec2_username") {
            o.sec2_username = value;
        } else if (arg == "--sec2_pwd") {
            o.sec2_pwd = value;
        } else if (arg == "--sec2_salt_len") {
            if (!to_int(value, 8, 64, o.sec2_salt_len)) {
                err = "--sec2_salt_len must be 8..64";
                return false;
            }
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
    if (o.sec2_gen_cred) {
        if (o.sec_ver != 2 || o.sec2_username.empty() || o.sec2_pwd.empty()) {
            err = "--sec2_gen_cred needs --sec_ver 2, --sec2_username and --sec2_pwd";
            return false;
        }
        return true;
    }
    if (o.transport != "softap" && o.transport != "ble") {
        err = "--transport must be softap or ble";
        return false;
    }
    if (o.service_name.empty()) {
        err = "--service_name is required";
        return false;
    }
    if (o.reset && o.reprov) {
        err = "give --reset or --reprov, not both";
        return false;
    }
    if ((o.reset || o.reprov) && (o.has_ssid || o.scan || o.has_custom_data)) {
        err = "--reset and --reprov run alone (as in esp_prov)";
        return false;
    }
    if (!o.has_ssid && !o.scan && !o.has_custom_data && !o.reset && !o.reprov) {
        err = "nothing to do: give --ssid, --scan, --custom_data, --reset or --reprov";
        return false;
    }
    return true;
}

}  // namespace provcli
