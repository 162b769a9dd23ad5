#include "support/broker.h"

#include <signal.h>
#include <unistd.h>

#include <ctime>

#include "support/process.h"
#include "support/tcp.h"

namespace testsupport {
namespace {

constexpr const char* kMosquitto = "/usr/sbin/mosquitto";
constexpr int kStartAttempts = 3;  // a port picked at run time can be taken before mosquitto binds it

void sleep_ms(int ms) {
    timespec ts{0, static_cast<long>(ms) * 1000000L};
    nanosleep(&ts, nullptr);
}

}  // namespace

TestBroker::TestBroker(BrokerOptions opts) : opts_(std::move(opts)), dir_("broker") {
    pki_ = std::make_unique<Pki>(opts_.pki_dir.empty() ? dir_.path() + "/pki" : opts_.pki_dir);
}

TestBroker::~TestBroker() { kill(); }

bool TestBroker::prepare() {
    if (prepared_) return true;
    if (!dir_.ok()) {
        error_ = "cannot create a temp dir for the broker";
        return false;
    }
    if (access(kMosquitto, X_OK) != 0) {
        error_ = std::string(kMosquitto) + " is missing (Debian package mosquitto)";
        return false;
    }
    if (opts_.pki_dir.empty() && !pki_->init()) {
        error_ = pki_->error();
        return false;
    }
    std::string acl = "pattern readwrite devices/%u/#\n";
    for (const auto& line : opts_.acl_lines) acl += line + "\n";
    if (!write_file(dir_.path() + "/acl", acl)) {
        error_ = "cannot write " + dir_.path() + "/acl";
        return false;
    }
    prepared_ = true;
    return true;
}

std::string TestBroker::config_text() const {
    const std::string cert = opts_.server_cert.empty() ? pki_->server_chain_file() : opts_.server_cert;
    const std::string key = opts_.server_key.empty() ? pki_->server_key_file() : opts_.server_key;
    // One listener: global security settings, as in PROTOCOLS.md. With a plain listener beside it
    // the settings must be per listener, or its anonymous clients would be refused too.
    const bool per_listener = plain_port_ != 0;
    std::string c;
    c += "per_listener_settings " + std::string(per_listener ? "true" : "false") + "\n";
    c += "persistence false\n";
    if (opts_.tcp_nodelay) c += "set_tcp_nodelay true\n";
    c += "log_dest stderr\n";
    c += "log_type error\nlog_type warning\nlog_type notice\nlog_type information\n";
    c += "log_type subscribe\nlog_type unsubscribe\n";
    c += "connection_messages true\n";
    std::string security = "allow_anonymous false\nacl_file " + dir_.path() + "/acl\n";
    if (!per_listener) c += security;
    c += "\nlistener " + std::to_string(port_) + " 127.0.0.1\n";
    c += "cafile " + pki_->ca_file() + "\n";
    c += "certfile " + cert + "\n";
    c += "keyfile " + key + "\n";
    c += "require_certificate true\n";
    c += "use_identity_as_username true\n";
    if (per_listener) {
        c += security;
        c += "\nlistener " + std::to_string(plain_port_) + " 127.0.0.1\n";
        c += "allow_anonymous true\n";
    }
    if (!opts_.extra_config.empty()) c += "\n" + opts_.extra_config + "\n";
    return c;
}

bool TestBroker::start() {
    if (running()) return true;
    if (!prepare()) return false;
    const bool fixed_ports = port_ != 0;  // a restart must come back where clients expect it
    for (int attempt = 0; attempt < kStartAttempts; ++attempt) {
        if (!fixed_ports) {
            port_ = free_tcp_port();
            plain_port_ = opts_.plain_listener ? free_tcp_port() : 0;
        }
        if (launch()) return true;
        if (fixed_ports || log().find("Address already in use") == std::string::npos) return false;
    }
    return false;
}

bool TestBroker::launch() {
    const std::string conf = dir_.path() + "/mosquitto.conf";
    if (!write_file(conf, config_text())) {
        error_ = "cannot write " + conf;
        return false;
    }
    std::vector<std::string> argv = {kMosquitto, "-c", conf};
    if (opts_.tls12_only) {
        // mosquitto's own tls_version is a minimum; the OpenSSL it runs on takes a maximum.
        const std::string ossl = dir_.path() + "/openssl.cnf";
        const char* text =
            "openssl_conf = init\n[init]\nssl_conf = ssl\n[ssl]\nsystem_default = tls\n"
            "[tls]\nMaxProtocol = TLSv1.2\n";
        if (!write_file(ossl, text)) {
            error_ = "cannot write " + ossl;
            return false;
        }
        argv.insert(argv.begin(), {"/usr/bin/env", "OPENSSL_CONF=" + ossl});
    }
    pid_ = spawn_daemon(argv, dir_.path() + "/mosquitto.log");
    if (pid_ < 0) {
        error_ = std::string("cannot start ") + kMosquitto;
        return false;
    }
    return wait_ready();
}

bool TestBroker::wait_ready() {
    for (int waited = 0; waited < opts_.start_timeout_ms; waited += 20) {
        if (!child_alive(pid_)) {
            pid_ = -1;
            error_ = "mosquitto exited during start; log:\n" + log();
            return false;
        }
        if (port_accepts(port_) && (plain_port_ == 0 || port_accepts(plain_port_))) {
            error_.clear();
            return true;
        }
        sleep_ms(20);
    }
    kill();
    error_ = "mosquitto did not accept on port " + std::to_string(port_) + "; log:\n" + log();
    return false;
}

void TestBroker::stop() {
    resume();  // a stopped process would hold SIGTERM until the timeout
    stop_child(pid_, SIGTERM, 5000);
    pid_ = -1;
}

void TestBroker::kill() {
    stop_child(pid_, SIGKILL, 5000);
    pid_ = -1;
}

void TestBroker::pause() {
    if (pid_ > 0) ::kill(pid_, SIGSTOP);
}

void TestBroker::resume() {
    if (pid_ > 0) ::kill(pid_, SIGCONT);
}

bool TestBroker::restart() {
    stop();
    return start();
}

bool TestBroker::running() const { return child_alive(pid_); }

std::string TestBroker::log() const { return read_file(dir_.path() + "/mosquitto.log"); }

}  // namespace testsupport
