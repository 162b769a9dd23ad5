#pragma once
// One mutual-TLS MQTT 3.1.1 connection through paho-mqtt-c's synchronous client, driven from a
// single thread with receive(): no callbacks, so publishing never races message handling.
// Failures throw LinkError with paho's reason; a lost connection is one too (the caller decides
// whether to reconnect by making a new link).
#include <MQTTClient.h>

#include <stdexcept>
#include <string>

namespace cloud {

struct LinkError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct TlsFiles {
    std::string cafile;  // CA the broker's certificate must chain to (its name is checked too)
    std::string cert;    // our certificate chain (PEM)
    std::string key;     // our private key (PEM)
};

struct LinkOptions {
    std::string client_id;
    // QoS 1 publishes sent without waiting that may be unacknowledged at once: a cloud answers
    // many devices in a burst (paho's default is 1 for a "reliable" client, 10 otherwise).
    int max_inflight = 64;
};

class MqttLink {
public:
    MqttLink(const std::string& host, int port, const TlsFiles& tls, const LinkOptions& options);
    ~MqttLink();
    MqttLink(const MqttLink&) = delete;
    MqttLink& operator=(const MqttLink&) = delete;

    void subscribe(const std::string& filter, int qos);  // qos 0 or 1
    // QoS 1. With `wait`, returns only once the broker has acknowledged it; without, once it is
    // sent (paho blocks first while max_inflight publishes are unacknowledged).
    void publish(const std::string& topic, const void* data, size_t len, bool retain, bool wait);
    void publish(const std::string& topic, const std::string& payload, bool retain, bool wait) {
        publish(topic, payload.data(), payload.size(), retain, wait);
    }
    // Waits up to `timeout_ms` for a message; false when none arrived.
    bool receive(int timeout_ms, std::string& topic, std::string& payload);

private:
    MQTTClient client_ = nullptr;
};

}  // namespace cloud
