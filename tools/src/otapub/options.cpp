#include "tools/src/otapub/options.h"

#include "tools/src/cli/option_table.h"
#include "tools/src/cloud/fw_state.h"

namespace otapub {

const char* const kUsage =
    "usage: otapub --port P --cafile CA --cert CHAIN --key KEY --image IMG --version V\n"
    "              [--host 127.0.0.1] [--title iotfw] [--size N] [--checksum HEX]\n"
    "              [--until DOWNLOADING|DOWNLOADED|VERIFIED|UPDATING|UPDATED|FAILED]\n"
    "              [--timeout-s 120] [--retain]\n"
    "Announces firmware IMG to a ThingsBoard-profile device as shared attributes on\n"
    "v1/devices/me/attributes, serves its v2/fw/request/{id}/chunk/{n} requests from the file and\n"
    "prints each fw_state it reports.\n"
    "  --size, --checksum  announce these instead of the file's size and SHA-256 (to test refusals)\n"
    "  --retain            publish the announcement retained (for a device that connects later)\n"
    "exit status: 0 when the --until state (default UPDATED) is reported, 3 when FAILED is reported\n"
    "instead, 1 on timeout, 2 on a usage or connection error\n";

bool parse_options(int argc, char** argv, Options& o, bool& help, std::string& err) {
    cli::OptionTable t;
    t.text("--host", o.host).text("--cafile", o.cafile).text("--cert", o.cert).text("--key", o.key);
    t.text("--image", o.image).text("--title", o.title).text("--version", o.version);
    t.integer("--port", o.port, 1, 65535).integer("--timeout-s", o.timeout_s, 1, 86400);
    t.value(
        "--size",
        [&o](const std::string& v) {
            long long n = 0;
            if (!cli::OptionTable::parse_integer(v, 0, UINT32_MAX, n)) return false;
            o.size = static_cast<uint64_t>(n);
            return true;
        },
        "must be a byte count below 4 GiB");
    t.value(
        "--checksum",
        [&o](const std::string& v) {
            o.checksum = v;
            return true;
        },
        "");
    t.value(
        "--until",
        [&o](const std::string& v) {
            o.until = v;
            return cloud::is_fw_state(v);
        },
        "must be one of DOWNLOADING DOWNLOADED VERIFIED UPDATING UPDATED FAILED");
    t.flag("--retain", o.retain);
    cli::Parsed parsed = t.parse(argc, argv);
    help = parsed == cli::Parsed::Help;
    if (parsed == cli::Parsed::Ok && t.require({"--port", "--cafile", "--cert", "--key", "--image", "--version"}))
        return true;
    err = t.error();
    return help;
}

}  // namespace otapub
