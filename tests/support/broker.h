#pragma once
// A real mosquitto broker for tests and benchmarks, configured as PROTOCOLS.md describes:
// mutual TLS on 127.0.0.1 at a free port, require_certificate, use_identity_as_username, and the
// ACL `pattern readwrite devices/%u/#` (each device sees only devices/<its CN>/...).
//
//   testsupport::TestBroker broker;                 // fresh PKI in the broker's temp dir
//   ASSERT_TRUE(broker.start()) << broker.error();
//   broker.pki().make_device("dev1");               // devices/dev1.{crt,key,chain.pem}
//   auto pem = broker.pki().device_pem("dev1");     // CA, chain and key as PEM text
//   ... connect to broker.host():broker.port() with server name "localhost" ...
//   broker.kill(); broker.restart();                // crash and come back on the same port
#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "support/pki.h"
#include "support/temp_dir.h"

namespace testsupport {

struct BrokerOptions {
    // A PKI made by tools/pki init to use (shared between brokers); empty: a fresh one in the
    // broker's temp dir.
    std::string pki_dir;
    // ACL lines appended after the device pattern, e.g. {"user platform", "topic readwrite #"}.
    std::vector<std::string> acl_lines;
    // Also listen with plain TCP (no TLS, anonymous, no ACL) on plain_port(), for observers.
    bool plain_listener = false;
    // certfile/keyfile of the TLS listener; empty: the PKI's server.chain.pem and server.key.
    std::string server_cert;
    std::string server_key;
    // The broker speaks TLS 1.2 at most, as one whose TLS library lacks 1.3 does.
    bool tls12_only = false;
    // set_tcp_nodelay, as the rig's brokers (tools/lib/rig.sh) and the platforms' brokers: with
    // Nagle on, mosquitto holds a small answer (a CONNACK after TLS 1.3's session tickets, a
    // PUBACK) until the client's delayed ACK of what it sent before.
    bool tcp_nodelay = true;
    // Appended verbatim to mosquitto.conf.
    std::string extra_config;
    int start_timeout_ms = 5000;
};

class TestBroker {
public:
    explicit TestBroker(BrokerOptions opts = {});
    ~TestBroker();  // kills mosquitto and removes the temp dir
    TestBroker(const TestBroker&) = delete;
    TestBroker& operator=(const TestBroker&) = delete;

    // Creates the PKI if needed, writes mosquitto.conf and acl (free ports are chosen on the
    // first start and kept), starts /usr/sbin/mosquitto and waits until the port accepts.
    // False with error() (and the broker log) when anything fails.
    bool start();
    // SIGTERM and wait: a clean shutdown.
    void stop();
    // SIGKILL and wait: the broker crashes; clients see their connections reset or closed.
    void kill();
    // stop() + start(), same ports, same PKI.
    bool restart();
    // SIGSTOP / SIGCONT: the broker hangs (connections stay open, nothing is answered; the
    // kernel still completes new TCP connects), e.g. to kill it at a chosen handshake step or
    // to test keep-alive timeouts.
    void pause();
    void resume();
    bool running() const;

    const char* host() const { return "127.0.0.1"; }
    // The name in the server certificate (use as TLS server name when connecting by address).
    const char* server_name() const { return "localhost"; }
    uint16_t port() const { return port_; }
    uint16_t plain_port() const { return plain_port_; }
    pid_t pid() const { return pid_; }

    Pki& pki() { return *pki_; }
    // The broker's temp dir: mosquitto.conf, acl, mosquitto.log (and the PKI if it made one).
    const std::string& dir() const { return dir_.path(); }
    // Everything mosquitto logged so far (all log types, to stderr).
    std::string log() const;
    const std::string& error() const { return error_; }

private:
    bool prepare();
    bool launch();
    bool wait_ready();
    std::string config_text() const;

    BrokerOptions opts_;
    TempDir dir_;
    std::unique_ptr<Pki> pki_;
    bool prepared_ = false;
    uint16_t port_ = 0;
    uint16_t plain_port_ = 0;
    pid_t pid_ = -1;
    std::string error_;
};

}  // namespace testsupport
