#pragma once
// A message a platform profile asks the device to send: what every profile and the OTA agent
// produce, and what the device hands to its MQTT session.
#include <cstdint>
#include <string>

namespace fw::app {

struct Publish {
    std::string topic;
    std::string payload;
    uint8_t qos = 1;
    bool retain = false;
};

}  // namespace fw::app
