#pragma once
// A few MQTT 3.1.1 packets written by hand, to check that the broker talks to us after the TLS
// handshake. Deliberately independent of firmware/net's MQTT code.
#include <cstdint>
#include <string>
#include <vector>

#include "firmware/net/transport.h"
#include "tls_env.h"

namespace tlstest {

std::vector<uint8_t> mqtt_connect(const std::string& client_id);                    // clean session, keep-alive 60 s
std::vector<uint8_t> mqtt_subscribe(uint16_t packet_id, const std::string& topic);  // QoS 0
std::vector<uint8_t> mqtt_publish(const std::string& topic, const std::string& payload);  // QoS 0

struct MqttPacket {
    uint8_t header = 0;
    std::vector<uint8_t> body;
    uint8_t type() const { return static_cast<uint8_t>(header >> 4); }
};

constexpr uint8_t kConnack = 2;
constexpr uint8_t kPublish = 3;
constexpr uint8_t kSuback = 9;

// Sends and receives whole packets over a Transport, waiting with the POSIX clock.
class MqttWire {
public:
    MqttWire(fw::net::Transport& t, PosixHal& hal) : t_(t), hal_(hal) {}
    bool send(const std::vector<uint8_t>& bytes, uint32_t limit_ms = 5000);
    bool read(MqttPacket& out, uint32_t limit_ms = 5000);
    // CONNECT, then the CONNACK return code (0 = accepted), or -1 if none came.
    int connect(const std::string& client_id);
    // What the transport returned when send()/read() gave up.
    fw::Status last_status() const { return last_; }

private:
    bool take_packet(MqttPacket& out);

    fw::net::Transport& t_;
    PosixHal& hal_;
    std::vector<uint8_t> in_;
    fw::Status last_;
};

}  // namespace tlstest
