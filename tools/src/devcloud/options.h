#pragma once
// Command line of `devcloud`: serve, send, devices.
#include <string>
#include <vector>

namespace devcloud {

enum class Verb { Serve, Send, Devices };

struct Options {
    Verb verb = Verb::Serve;
    // broker and our identity (serve, send)
    std::string host = "127.0.0.1";
    int port = 0;
    std::string cafile, cert, key;
    std::string state_dir = "./devcloud-state";
    // serve
    std::string issuer_cert, issuer_key, trust;
    std::vector<std::string> templates;       // empty: the default template
    std::string tb_key, tb_secret, or_realm;  // empty: the defaults
    std::string ota_image, ota_version, ota_title = "iotfw";
    bool quiet = false;
    // send
    std::string profile, device, cmd;
    std::string params;  // JSON text; empty when not given
    int timeout_s = 10;
};

// False with `err` set on a bad command line; `help` set for --help.
bool parse_options(int argc, char** argv, Options& o, bool& help, std::string& err);
extern const char* const kUsage;

}  // namespace devcloud
