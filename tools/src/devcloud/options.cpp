#include "tools/src/devcloud/options.h"

#include <map>

#include "tools/src/cli/option_table.h"
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

// The options of VERB, each once.
void describe(Verb verb, Options& o, cli::OptionTable& t) {
    t.text("--state-dir", o.state_dir);
    if (verb == Verb::Devices) return;
    t.text("--host", o.host).text("--cafile", o.cafile).text("--cert", o.cert).text("--key", o.key);
    t.integer("--port", o.port, 1, 65535);
    if (verb == Verb::Serve) {
        t.text("--issuer-cert", o.issuer_cert).text("--issuer-key", o.issuer_key).text("--trust", o.trust);
        t.text("--tb-key", o.tb_key).text("--tb-secret", o.tb_secret).text("--or-realm", o.or_realm);
        t.text("--ota-image", o.ota_image).text("--ota-version", o.ota_version).text("--ota-title", o.ota_title);
        t.list("--template", o.templates).flag("--quiet", o.quiet);
        return;
    }
    t.value(
        "--profile",
        [&o](const std::string& v) {
            o.profile = v;
            return command_profile(v).has_value();
        },
        "must be generic, thingsboard, openremote or cumulocity");
    t.text("--device", o.device).text("--cmd", o.cmd).integer("--timeout-s", o.timeout_s, 1, 86400);
    t.value(
        "--params",
        [&o](const std::string& v) {
            o.params = v;
            return is_json(v);
        },
        "is not JSON");
}

// The options VERB needs once the line is read.
bool complete(Verb verb, const Options& o, cli::OptionTable& t, std::string& err) {
    std::vector<std::string> required = {"--port", "--cafile", "--cert", "--key"};
    if (verb == Verb::Serve) required.insert(required.end(), {"--issuer-cert", "--issuer-key", "--trust"});
    if (verb == Verb::Send) required.insert(required.end(), {"--profile", "--device", "--cmd"});
    if (verb != Verb::Devices && !t.require(required)) {
        err = t.error();
        return false;
    }
    if (o.ota_image.empty() != o.ota_version.empty()) {
        err = "--ota-image and --ota-version go together";
        return false;
    }
    return true;
}

}  // namespace

bool parse_options(int argc, char** argv, Options& o, bool& help, std::string& err) {
    help = false;
    if (argc < 2) {
        err = "missing command (serve, send or devices)";
        return false;
    }
    std::string verb = argv[1];
    static const std::map<std::string, Verb> kVerbs = {
        {"serve", Verb::Serve}, {"send", Verb::Send}, {"devices", Verb::Devices}};
    if (verb == "-h" || verb == "--help") {
        help = true;
        return true;
    }
    auto v = kVerbs.find(verb);
    if (v == kVerbs.end()) {
        err = "unknown command '" + verb + "' (serve, send or devices)";
        return false;
    }
    o.verb = v->second;
    cli::OptionTable t;
    describe(o.verb, o, t);
    cli::Parsed parsed = t.parse(argc, argv, 2);
    help = parsed == cli::Parsed::Help;
    if (parsed == cli::Parsed::Ok) return complete(o.verb, o, t, err);
    err = t.error();
    return help;
}

}  // namespace devcloud
