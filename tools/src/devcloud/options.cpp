#include "tools/src/devcloud/options.h"

#include <map>

#include "firmware/core/decimal.h"
#include "tools/src/devcloud/command.h"
#include "tools/src/devcloud/json_fields.h"

namespace devcloud {

const char* const kUsage =
    "usage: devcloud serve --port P [--host 127.0.0.1] --cafile CA --cert OPERATOR_CHAIN --key OPERATOR_KEY\n"
    "                      --issuer-cert INTERMEDIATE.crt --issuer-key INTERMEDIATE.key --trust ROOT_CA.crt\n"
    "                      [--state-dir DIR] [--template NAME]... [--tb-key K --tb-secret S] [--or-realm R]\n"
    "                      [--ota-image IMG --ota-version V [--ota-title iotfw]] [--quiet]\n"
    "       devcloud send  --port P [--host 127.0.0.1] --cafile CA --cert OPERATOR_CHAIN --key OPERATOR_KEY\n"
    "                      --profile generic|thingsboard|openremote|cumulocity --device ID --cmd NAME\n"
    "                      [--params JSON] [--state-dir DIR] [--timeout-s 10]\n"
    "       devcloud devices [--state-dir DIR]\n"
    "serve: the cloud side of device enrollment on a local broker (AWS fleet provisioning by CSR on\n"
    "  $aws/..., ThingsBoard /provision/request, OpenRemote provisioning/{ID}/request), signing CSRs\n"
    "  with the intermediate CA and checking device certificates against --trust; records telemetry\n"
    "  in DIR/telemetry.jsonl and devices in DIR/registry.json (DIR defaults to ./devcloud-state);\n"
    "  with --ota-image announces it on v1/devices/me/attributes (retained) and serves its chunks.\n"
    "  Prints \"devcloud: ready\" once subscribed, reconnects when the broker goes away, stops on\n"
    "  SIGINT/SIGTERM. --template (repeatable) names the accepted AWS templates (default\n"
    "  iotfw-fleet); --quiet prints enrollment decisions only, not each telemetry message.\n"
    "send: publishes command NAME to device ID the way its profile expects (--params: JSON; for\n"
    "  cumulocity a string, an array of words or an object of key=value words), waits for its answer\n"
    "  and prints it. An openremote device must be in DIR's registry (its asset id).\n"
    "  exit status: 0 ok answer, 3 error answer, 1 no answer within --timeout-s, 2 usage or connection error\n"
    "devices: prints the registry, one device per line.\n";

namespace {

constexpr unsigned kServe = 1, kSend = 2, kDevices = 4, kConnected = kServe | kSend;

struct TextOption {
    std::string Options::*field;
    unsigned verbs;
};

const std::map<std::string, TextOption>& text_options() {
    static const std::map<std::string, TextOption> m = {
        {"--host", {&Options::host, kConnected}},
        {"--cafile", {&Options::cafile, kConnected}},
        {"--cert", {&Options::cert, kConnected}},
        {"--key", {&Options::key, kConnected}},
        {"--state-dir", {&Options::state_dir, kServe | kSend | kDevices}},
        {"--issuer-cert", {&Options::issuer_cert, kServe}},
        {"--issuer-key", {&Options::issuer_key, kServe}},
        {"--trust", {&Options::trust, kServe}},
        {"--tb-key", {&Options::tb_key, kServe}},
        {"--tb-secret", {&Options::tb_secret, kServe}},
        {"--or-realm", {&Options::or_realm, kServe}},
        {"--ota-image", {&Options::ota_image, kServe}},
        {"--ota-version", {&Options::ota_version, kServe}},
        {"--ota-title", {&Options::ota_title, kServe}},
        {"--profile", {&Options::profile, kSend}},
        {"--device", {&Options::device, kSend}},
        {"--cmd", {&Options::cmd, kSend}},
    };
    return m;
}

bool number(const std::string& s, uint64_t max, int& out) {
    uint64_t v = 0;
    if (!fw::parse_decimal(s, 9, v) || v == 0 || v > max) return false;
    out = static_cast<int>(v);
    return true;
}

// The options every verb needs once the line is read.
std::string missing(const Options& o) {
    if (o.verb == Verb::Devices) return "";
    std::vector<std::pair<const char*, const std::string*>> required = {
        {"--cafile", &o.cafile}, {"--cert", &o.cert}, {"--key", &o.key}};
    if (o.verb == Verb::Serve)
        required.insert(required.end(),
                        {{"--issuer-cert", &o.issuer_cert}, {"--issuer-key", &o.issuer_key}, {"--trust", &o.trust}});
    else
        required.insert(required.end(), {{"--profile", &o.profile}, {"--device", &o.device}, {"--cmd", &o.cmd}});
    if (o.port == 0) return "--port is required";
    for (const auto& [name, value] : required)
        if (value->empty()) return std::string(name) + " is required";
    if (o.verb == Verb::Send && !command_profile(o.profile))
        return "--profile must be generic, thingsboard, openremote or cumulocity";
    if (o.ota_image.empty() != o.ota_version.empty()) return "--ota-image and --ota-version go together";
    return "";
}

}  // namespace

bool parse_options(int argc, char** argv, Options& o, bool& help, std::string& err) {
    help = false;
    if (argc < 2) {
        err = "missing command (serve, send or devices)";
        return false;
    }
    std::string verb = argv[1];
    static const std::map<std::string, std::pair<Verb, unsigned>> kVerbs = {
        {"serve", {Verb::Serve, kServe}}, {"send", {Verb::Send, kSend}}, {"devices", {Verb::Devices, kDevices}}};
    if (verb == "-h" || verb == "--help") {
        help = true;
        return true;
    }
    auto v = kVerbs.find(verb);
    if (v == kVerbs.end()) {
        err = "unknown command '" + verb + "' (serve, send or devices)";
        return false;
    }
    o.verb = v->second.first;
    const unsigned bit = v->second.second;
    for (int i = 2; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "-h" || arg == "--help") {
            help = true;
            return true;
        }
        if (arg == "--quiet" && bit == kServe) {
            o.quiet = true;
            continue;
        }
        auto text = text_options().find(arg);
        bool known = (text != text_options().end() && (text->second.verbs & bit)) ||
                     (arg == "--port" && (bit & kConnected)) || (arg == "--template" && bit == kServe) ||
                     ((arg == "--params" || arg == "--timeout-s") && bit == kSend);
        if (!known) {
            err = "unknown option " + arg + " for " + verb;
            return false;
        }
        if (i + 1 >= argc) {
            err = "missing value for " + arg;
            return false;
        }
        std::string value = argv[++i];
        if (text != text_options().end()) {
            o.*(text->second.field) = value;
        } else if (arg == "--port") {
            if (!number(value, 65535, o.port)) {
                err = "--port must be 1..65535";
                return false;
            }
        } else if (arg == "--timeout-s") {
            if (!number(value, 86400, o.timeout_s)) {
                err = "--timeout-s must be 1..86400";
                return false;
            }
        } else if (arg == "--template") {
            o.templates.push_back(value);
        } else {
            o.params = value;
            if (!is_json(value)) {
                err = "--params is not JSON: " + value;
                return false;
            }
        }
    }
    err = missing(o);
    return err.empty();
}

}  // namespace devcloud
