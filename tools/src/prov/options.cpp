#include "tools/src/prov/options.h"

#include "tools/src/cli/option_table.h"

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

bool parse_options(int argc, char** argv, Options& o, bool& help, std::string& err) {
    cli::OptionTable t;
    t.flag("--scan", o.scan)
        .flag("--reset", o.reset)
        .flag("--reprov", o.reprov)
        .flag("--sec2_gen_cred", o.sec2_gen_cred);
    t.text("--transport", o.transport).text("--service_name", o.service_name).text("--pop", o.pop);
    t.text("--sec2_username", o.sec2_username).text("--sec2_pwd", o.sec2_pwd).text("--passphrase", o.passphrase);
    t.text("--ssid", o.ssid).text("--custom_data", o.custom_data);
    t.integer("--sec_ver", o.sec_ver, 0, 2).integer("--sec2_salt_len", o.sec2_salt_len, 8, 64);
    t.integer("--timeout_s", o.timeout_s, 1, 3600).integer("--poll_ms", o.poll_ms, 10, 60000);
    cli::Parsed parsed = t.parse(argc, argv);
    help = parsed == cli::Parsed::Help;
    if (parsed != cli::Parsed::Ok) {
        err = t.error();
        return help;
    }
    o.has_ssid = t.given("--ssid");
    o.has_custom_data = t.given("--custom_data");
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
