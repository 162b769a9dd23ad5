#include "tools/src/otapub/options.h"

#include <cstdlib>
#include <map>

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

namespace {

bool to_u64(const std::string& s, uint64_t max, uint64_t& out) {
    if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos || s.size() > 19) return false;
    out = std::strtoull(s.c_str(), nullptr, 10);
    return out <= max;
}

}  // namespace

bool parse_options(int argc, char** argv, Options& o, bool& help, std::string& err) {
    help = false;
    std::map<std::string, std::string*> text = {{"--host", &o.host},       {"--cafile", &o.cafile},
                                                 {"--cert", &o.cert},       {"--key", &o.key},
                                                 {"--image", &o.image},     {"--title", &o.title},
                                                 {"--version", &o.version}, {"--until", &o.until}};
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "-h" || arg == "--help") {
            help = true;
            return true;
        }
        if (arg == "--retain") {
            o.retain = true;
            continue;
        }
        if (i + 1 >= argc) {
            err = "missing value for " + arg;
            return false;
        }
        std::string value = argv[++i];
        uint64_t n = 0;
        if (auto it = text.find(arg); it != text.end()) {
            *it->second = value;
        } else if (arg == "--port") {
            if (!to_u64(value, 65535, n) || n == 0) {
                err = "--port must be 1..65535";
                return false;
            }
            o.port = static_cast<int>(n);
        } else if (arg == "--size") {
            if (!to_u64(value, UINT32_MAX, n)) {
                err = "--size must be a byte count below 4 GiB";
                return false;
            }
            o.size = n;
        } else if (arg == "--checksum") {
            o.checksum = value;
        } else if (arg == "--timeout-s") {
            if (!to_u64(value, 86400, n) || n == 0) {
                err = "--timeout-s must be 1..86400";
                return false;
            }
            o.timeout_s = static_cast<int>(n);
        } else {
            err = "unknown option " + arg;
            return false;
        }
    }
    for (const char* req : {"--cafile", "--cert", "--key", "--image", "--version"}) {
        if (text[req]->empty()) {
            err = std::string(req) + " is required";
            return false;
        }
    }
    if (o.port == 0) {
        err = "--port is required";
        return false;
    }
    if (!cloud::is_fw_state(o.until)) {
        err = "--until must be one of DOWNLOADING DOWNLOADED VERIFIED UPDATING UPDATED FAILED";
        return false;
    }
    return true;
}

}  // namespace otapub
