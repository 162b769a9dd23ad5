#pragma once
// One MQTT publish the cloud sends: the services decide, the caller's link publishes.
#include <string>

namespace devcloud {

struct Message {
    std::string topic;
    std::string payload;
    bool retain = false;
};

}  // namespace devcloud
