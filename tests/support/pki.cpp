#include "support/pki.h"

#include <filesystem>
#include <system_error>

#include "support/process.h"
#include "support/temp_dir.h"

namespace testsupport {

const std::string& source_dir() {
    static const std::string dir = TEST_SUPPORT_SOURCE_DIR;
    return dir;
}

const std::string& pki_template_dir() {
    static const std::string dir = std::filesystem::exists(TEST_PKI_TEMPLATE "/ca.crt") ? TEST_PKI_TEMPLATE : "";
    return dir;
}

const std::vector<CatalogIdentity>& pki_catalog() {
    static const std::vector<CatalogIdentity> ids = [] {
        DeviceCertOptions plain, expired, rsa, root, rogue;
        expired.expired = true;
        rsa.rsa = true;
        root.ca = "root";
        rogue.ca = "rogue";
        return std::vector<CatalogIdentity>{
            {"dev-1", plain}, {"dev-2", plain},    {"dev1", plain},  {"dev-ec", plain},
            {"claim", plain}, {"observer", plain}, {"pub-1", plain}, {"dev-old", expired},
            {"dev-rsa", rsa}, {"dev-root", root},  {"rogue", rogue}, {"dev-rogue", rogue},
        };
    }();
    return ids;
}

bool make_pki_template(const std::string& dir, std::string& error) {
    namespace fs = std::filesystem;
    const std::string work = dir + ".new";
    std::error_code ec;
    fs::remove_all(work, ec);
    Pki p(work);
    // `tools/pki rogue` makes the rogue CA together with its device "rogue".
    bool ok = p.run("init", "") && p.run("rogue", "rogue");
    for (const auto& c : pki_catalog())
        if (ok && c.id != std::string("rogue")) ok = p.make_device(c.id, c.options);
    fs::create_directories(work + "/keys", ec);
    if (ok)
        ok = run_command({"/usr/bin/openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024",
                          "-out", work + "/keys/rsa1024.key"}) == 0;
    if (!ok) {
        error = p.error().empty() ? "cannot generate an RSA-1024 key" : p.error();
        return false;
    }
    fs::remove_all(dir, ec);
    fs::rename(work, dir, ec);
    error = ec ? "cannot move the PKI into " + dir + ": " + ec.message() : "";
    return !ec;
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

bool Pki::init() {
    if (pki_template_dir().empty()) return run("init", "");
    std::error_code ec;
    std::filesystem::copy(pki_template_dir(), dir_,
                          std::filesystem::copy_options::recursive | std::filesystem::copy_options::overwrite_existing,
                          ec);
    error_ = ec ? "cannot copy the test PKI " + pki_template_dir() + ": " + ec.message() : "";
    return !ec;
}

std::string Pki::rsa_key_pem(int bits) const {
    if (!pki_template_dir().empty())
        return read_file(pki_template_dir() + (bits == 2048 ? "/devices/dev-rsa.key" : "/keys/rsa1024.key"));
    const std::string file = path("rsa" + std::to_string(bits) + ".key");
    int rc = run_command({"/usr/bin/openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt",
                          "rsa_keygen_bits:" + std::to_string(bits), "-out", file});
    return rc == 0 ? read_file(file) : "";
}

namespace {

// The template's RSA-2048 key, certified for RSA devices not in the catalog; "" when there is none.
std::string template_rsa_key() {
    const std::string key = pki_template_dir() + "/devices/dev-rsa.key";
    return !pki_template_dir().empty() && std::filesystem::exists(key) ? key : "";
}

}  // namespace

bool Pki::from_template(const std::string& id, const DeviceCertOptions& opt) const {
    if (pki_template_dir().empty() || !std::filesystem::exists(device_cert_file(id))) return false;
    for (const auto& c : pki_catalog())
        if (id == c.id) return opt == c.options;
    return false;
}

bool Pki::make_device(const std::string& id, const DeviceCertOptions& opt) {
    if (from_template(id, opt)) return true;
    std::vector<std::string> extra;
    if (opt.rsa && !template_rsa_key().empty())
        extra.insert(extra.end(), {"--key", template_rsa_key()});
    else if (opt.rsa)
        extra.push_back("--rsa");
    if (opt.expired) extra.push_back("--expired");
    if (opt.days > 0) extra.insert(extra.end(), {"--days", std::to_string(opt.days)});
    if (!opt.ca.empty()) extra.insert(extra.end(), {"--ca", opt.ca});
    return run("device", id, extra);
}

bool Pki::make_rogue(const std::string& id) {
    DeviceCertOptions rogue;
    rogue.ca = "rogue";
    return from_template(id, rogue) || run("rogue", id);
}

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
