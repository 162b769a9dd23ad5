#pragma once
// The dev PKI of tools/pki, driven from C++: a root + intermediate CA, the broker's localhost
// certificate, device certificates (EC or RSA, valid or expired) and a rogue CA.
#include <string>
#include <vector>

namespace testsupport {

// Where the repository is (tools/pki lives there).
const std::string& source_dir();

struct DeviceCertOptions {
    bool rsa = false;      // RSA-2048 instead of EC P-256
    bool expired = false;  // validity ended yesterday
    int days = 0;          // validity in days; 0: the script's default
    std::string ca;        // issuing CA: "" (intermediate), "root" or "rogue" (after make_rogue)

    bool operator==(const DeviceCertOptions&) const = default;
};

// The PKI that the ctest fixture `test_pki` made once for this build tree (make_test_pki): a
// `tools/pki init` output, the rogue CA, every identity of pki_catalog() and keys/rsa1024.key.
// Empty when it has not run (a test program started by hand): Pki then makes everything itself.
const std::string& pki_template_dir();

// The identities tests ask for most, made in advance by the fixture: a Pki copied from it has them
// already, and make_device() / make_rogue() of one of them with the same options costs nothing.
struct CatalogIdentity {
    const char* id;
    DeviceCertOptions options;
};
const std::vector<CatalogIdentity>& pki_catalog();

// Writes the template into `dir` (replacing it): what the fixture runs. False with `error`.
bool make_pki_template(const std::string& dir, std::string& error);

// PEM text of one identity, ready for fw::net::TlsConfig.
struct DevicePem {
    std::string ca;     // the PKI root (what a device trusts)
    std::string chain;  // device certificate + intermediate
    std::string key;
};

class Pki {
public:
    // Uses `dir` (created by init() if missing); nothing runs until a method is called.
    explicit Pki(std::string dir) : dir_(std::move(dir)) {}

    // tools/pki init: root, intermediate, server.{crt,key,chain.pem} for localhost/127.0.0.1;
    // a copy of the fixture's PKI when there is one.
    bool init();
    // tools/pki device: devices/ID.{crt,key,chain.pem}. An RSA device certifies the fixture's
    // RSA-2048 key when there is one.
    bool make_device(const std::string& id, const DeviceCertOptions& opt = {});
    // tools/pki rogue: an unrelated CA in rogue/ and a device `id` signed by it.
    bool make_rogue(const std::string& id = "rogue");
    // tools/pki server: servers/BASENAME.{crt,key,chain.pem} for DNS name `name`.
    bool make_server(const std::string& name, const std::string& basename, bool expired = false);
    // tools/pki signing: signing_key.pem, signing_pub.pem.
    bool make_signing_key();

    const std::string& dir() const { return dir_; }
    std::string path(const std::string& rel) const { return dir_ + "/" + rel; }
    std::string ca_file() const { return path("ca.crt"); }
    std::string server_chain_file() const { return path("server.chain.pem"); }
    std::string server_key_file() const { return path("server.key"); }
    std::string device_cert_file(const std::string& id) const { return path("devices/" + id + ".crt"); }
    std::string device_chain_file(const std::string& id) const { return path("devices/" + id + ".chain.pem"); }
    std::string device_key_file(const std::string& id) const { return path("devices/" + id + ".key"); }
    DevicePem device_pem(const std::string& id) const;
    std::string rogue_ca_file() const { return path("rogue/ca.crt"); }
    // An RSA private key of `bits` (2048 or 1024) as PEM: the fixture's, or generated now.
    std::string rsa_key_pem(int bits) const;

    // tools/pki's output when the last call failed.
    const std::string& error() const { return error_; }

private:
    friend bool make_pki_template(const std::string& dir, std::string& error);
    bool run(const std::string& command, const std::string& arg, const std::vector<std::string>& extra = {});
    // Whether `id` came with the template, made with these options.
    bool from_template(const std::string& id, const DeviceCertOptions& opt) const;

    std::string dir_;
    std::string error_;
};

}  // namespace testsupport
