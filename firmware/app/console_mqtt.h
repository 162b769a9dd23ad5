#pragma once
// Console debugging over the device's own MQTT identity: publish (QoS 1), and subscribe and log
// what arrives on those filters. The broker's ACL decides what is delivered.
#include <string>
#include <vector>

#include "firmware/net/mqtt/mqtt_session.h"

namespace fw::app {

class ConsoleMqtt {
public:
    // `session` is null while the device has none; `state` names the device's state for the log.
    void publish(net::MqttSession* session, const char* state, const std::string& topic, const std::string& payload);
    void subscribe(net::MqttSession* session, const char* state, const std::string& filter);
    // True when `m` matches a console subscription: logged here, and nothing else sees it.
    bool on_message(const net::MqttMessage& m) const;

private:
    std::vector<std::string> filters_;
};

}  // namespace fw::app
