#pragma once
// An MQTT broker behind TLS inside the test process, reached through hal::Net: each connection
// ends in an mbedtls server context and a small MQTT 3.1.1 broker built on the firmware's codec.
// Both sides run on the test's thread and share the manual clock, so a device runs for hours of
// simulated time in seconds, with real TLS and real MQTT bytes between them. Whatever the broker
// allocates is counted as the host's heap, never the firmware's (hal_posix/heap_scope.h).
#include <mbedtls/ssl.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fake_hal/fake_udp.h"
#include "hal/net.h"
#include "support/tls_server_context.h"

namespace device_test {

// DNS and UDP (SNTP) come from fake::NetWithDatagrams (`udp`).
class LoopBroker : public fake::NetWithDatagrams {
public:
    struct Message {
        std::string topic;
        std::string payload;
        uint8_t qos = 0;
    };

    // The broker's certificate chain and key, and the CA its clients must chain to (PEM files).
    LoopBroker(const std::string& server_chain_file, const std::string& server_key_file, const std::string& ca_file);
    ~LoopBroker() override;
    LoopBroker(const LoopBroker&) = delete;
    LoopBroker& operator=(const LoopBroker&) = delete;
    bool ready() const { return ready_; }

    // ---- script ----
    bool accepting = true;     // false: the broker is down (connections refused)
    bool network_up = true;    // false: the network is down (connects fail, links break)
    uint8_t connack_code = 0;  // non-zero: CONNACK refuses with this return code
    bool acking = true;        // false: PUBLISHes are recorded but never acknowledged (a stalled broker)
    // Connections to these hosts never complete (a server that does not answer); they leave the
    // broker's own connection alone.
    std::vector<std::string> silent_hosts;
    // Called for every PUBLISH the device sends, after it is recorded and acknowledged: the
    // platform's side answering requests (it may call publish()).
    std::function<void(const Message&)> on_publish;

    // ---- observations ----
    int connect_attempts = 0;              // TCP connects the device made to the broker, refused ones included
    int sessions = 0;                      // CONNECTs accepted
    std::string client_id;                 // of the last CONNECT
    std::optional<std::string> username;   // of the last CONNECT
    std::string client_cn;                 // CN of the client certificate of the last TLS handshake
    std::vector<std::string> session_cns;  // that CN for every CONNECT accepted, in order
    std::vector<Message> received;         // every PUBLISH the device sent, in order
    std::vector<std::string> subscriptions;
    bool online() const;
    size_t received_on(const std::string& topic) const;

    // ---- the platform's side ----
    // Delivers a QoS 1 PUBLISH to the device if one of its subscriptions matches (`retain`: as a
    // broker delivers a retained message to a new subscriber).
    void publish(const std::string& topic, const std::string& payload, bool retain = false);
    // The connection breaks (both directions fail from now on).
    void drop();

    // ---- hal::Net ----
    hal::Status connect(const char* host, uint16_t port, hal::Socket& out) override;
    hal::Status connect_result(hal::Socket s) override;
    hal::Status send(hal::Socket s, const void* data, size_t len, size_t& sent) override;
    hal::Status recv(hal::Socket s, void* buf, size_t cap, size_t& got) override;
    void close(hal::Socket s) override;

private:
    struct Conn;
    Conn* find(hal::Socket s);
    bool silent(hal::Socket s) const;
    void pump(Conn& c);
    void handle_packet(Conn& c, uint8_t header, const uint8_t* body, size_t len);
    void write_packet(Conn& c, const uint8_t* data, size_t len);

    testsupport::TlsServerContext tls_;
    bool ready_ = false;
    std::unique_ptr<Conn> conn_;       // one device, one connection at a time
    std::vector<hal::Socket> silent_;  // open connections to silent_hosts
    hal::Socket next_socket_ = 10;
    uint16_t next_packet_id_ = 1;
};

}  // namespace device_test
