#pragma once
// Answers one firmware chunk request on the link (QoS 1, without waiting for the broker: the
// device paces the transfer) and says what happened worth a console line.
#include <string>

#include "tools/src/cloud/chunk_server.h"
#include "tools/src/cloud/mqtt_link.h"

namespace cloud {

// The console line: an ignored request and why, the first chunk, a repeat, the end of the image;
// "" for an ordinary chunk.
std::string serve_chunk(MqttLink& link, ChunkServer& server, const std::string& topic, const std::string& payload);

}  // namespace cloud
