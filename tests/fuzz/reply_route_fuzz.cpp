// The reply_route broker plugin splits every topic the responder publishes and checks every client
// id that publishes a request: any bytes must give a split that lies inside the topic, with a
// client level fit to be a topic level, or none.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "tools/src/broker/reply_route.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);  // the broker's strings end at a NUL
    const char* topic = text.c_str();
    const char* inner = nullptr;
    size_t client = reply_route_split(topic, &inner);
    if (client > 0) {
        const size_t prefix = sizeof REPLY_ROUTE_PREFIX - 1;
        if (inner != topic + prefix + client + 1 || *inner == '\0') __builtin_trap();
        std::string level(topic + prefix, client);
        if (level.find_first_of("/+#") != std::string::npos || !reply_route_client_ok(level.c_str())) __builtin_trap();
    }
    if (reply_route_client_ok(topic) && std::strpbrk(topic, "/+#") != nullptr) __builtin_trap();
    return 0;
}
