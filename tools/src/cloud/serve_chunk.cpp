#include "tools/src/cloud/serve_chunk.h"

namespace cloud {

std::string serve_chunk(MqttLink& link, ChunkServer& server, const std::string& topic, const std::string& payload) {
    std::string why;
    auto reply = server.answer(topic, payload, why);
    if (!reply) return "ignored request on " + topic + ": " + why;
    link.publish(reply->topic, reply->data, reply->len, false, false);
    std::string n = std::to_string(reply->index);
    if (reply->repeat) return "chunk " + n + " requested again (" + topic + ")";
    if (reply->index == 0) return "first chunk requested: " + topic + ", " + payload + " bytes a chunk";
    if (reply->len == 0) return "end of image reached: chunk " + n + " is empty";
    return "";
}

}  // namespace cloud
