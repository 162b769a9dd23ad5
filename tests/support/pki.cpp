#include "support/pki.h"

#include "support/process.h"
#include "support/temp_dir.h"

namespace testsupport {

const std::string& source_dir() {
    static const std::string dir = TEST_SUPPORT_SOURCE_DIR;
    return dir;
}

bool Pki::run(const std::string& command, const std::string& arg, const std::vector<std::string>& extra) {
    std::vector<std::string> argv = {"/bin/bash", source_dir() + "/tools/pki", command, dir_};
    if (!arg.empty()) argv.push_back(arg);
    argv.insert(argv.end(), extra.begin(), extra.end());
    std::string out;
    int rc = run_command(argv, &out);
    error_ = rc == 0 ? "" : "tools/pki " + command + " failed (exit " + std::to_string(rc) + "): " + out;
    return rc == 0;
}

bool Pki::init() { return run("init", ""); }

bool Pki::make_device(const std::string& id, const DeviceCertOptions& opt) {
    std::vector<std::string> extra;
    if (opt.rsa) extra.push_back("--rsa");
    if (opt.expired) extra.push_back("--expired");
    if (opt.days > 0) extra.insert(extra.end(), {"--days", std::to_string(opt.days)});
    if (!opt.ca.empty()) extra.insert(extra.end(), {"--ca", opt.ca});
    return run("device", id, extra);
}

bool Pki::make_rogue(const std::string& id) { return run("rogue", id); }

bool Pki::make_server(const std::string& name, const std::string& basename, bool expired) {
    std::vector<std::string> extra = {"--as", basename};
    if (expired) extra.push_back("--expired");
    return run("server", name, extra);
}

bool Pki::make_signing_key() { return run("signing", ""); }

DevicePem Pki::device_pem(const std::string& id) const {
    return DevicePem{read_file(ca_file()), read_file(device_chain_file(id)), read_file(device_key_file(id))};
}

}  // namespace testsupport
