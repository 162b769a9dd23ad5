// otapub: the server side of a ThingsBoard firmware update, for a device on a local broker.
// Announces the image as shared attributes, answers chunk requests from the file and follows the
// device's fw_state telemetry until the state asked for (see kUsage for the exit status).
#include <mbedtls/sha256.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "hal_posix/hex.h"
#include "tools/src/otapub/chunk_server.h"
#include "tools/src/otapub/fw_state.h"
#include "tools/src/otapub/mqtt_link.h"
#include "tools/src/otapub/options.h"

namespace otapub {
namespace {

constexpr int kExitReached = 0, kExitTimeout = 1, kExitError = 2, kExitFailed = 3;
constexpr const char* kAttributes = "v1/devices/me/attributes";
constexpr const char* kTelemetry = "v1/devices/me/telemetry";
constexpr int kPollMs = 200;

bool read_image(const std::string& path, std::vector<uint8_t>& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return !in.bad();
}

std::string sha256_hex(const std::vector<uint8_t>& data) {
    uint8_t sum[32];
    mbedtls_sha256_ret(data.data(), data.size(), sum, 0);
    return hal_posix::to_hex(sum, sizeof sum);
}

std::string announcement(const Options& o, const std::vector<uint8_t>& image) {
    nlohmann::json j = {{"fw_title", o.title},
                        {"fw_version", o.version},
                        {"fw_size", o.size.value_or(image.size())},
                        {"fw_checksum", o.checksum.value_or(sha256_hex(image))},
                        {"fw_checksum_algorithm", "SHA256"}};
    return j.dump();
}

void serve_chunk(MqttLink& link, ChunkServer& server, const std::string& topic, const std::string& payload) {
    std::string why;
    auto reply = server.answer(topic, payload, why);
    if (!reply) {
        std::printf("ignored request on %s: %s\n", topic.c_str(), why.c_str());
        return;
    }
    link.publish(reply->topic, reply->data, reply->len, false, false);
    if (reply->repeat)
        std::printf("chunk %llu requested again (%s)\n", static_cast<unsigned long long>(reply->index), topic.c_str());
    else if (reply->index == 0)
        std::printf("first chunk requested: %s, %s bytes a chunk\n", topic.c_str(), payload.c_str());
    else if (reply->len == 0)
        std::printf("end of image reached: chunk %llu is empty\n", static_cast<unsigned long long>(reply->index));
}

// The exit status once `report` settles the run, or -1 to keep going.
int follow(const FwReport& report, const std::string& until) {
    if (report.running) std::printf("device runs %s\n", report.running->c_str());
    if (!report.state) return -1;
    if (*report.state == "FAILED")
        std::printf("fw_state FAILED: %s\n", report.error.empty() ? "(no fw_error)" : report.error.c_str());
    else
        std::printf("fw_state %s\n", report.state->c_str());
    if (*report.state == until) return kExitReached;
    return *report.state == "FAILED" ? kExitFailed : -1;
}

int run(const Options& o) {
    std::vector<uint8_t> image;
    if (!read_image(o.image, image)) {
        std::fprintf(stderr, "otapub: cannot read %s\n", o.image.c_str());
        return kExitError;
    }
    ChunkServer server(std::move(image));
    MqttLink link(o.host, o.port, TlsFiles{o.cafile, o.cert, o.key});
    // Requests at QoS 0: acknowledging each one would be a small write just before the chunk, and
    // paho's socket has Nagle on (no TCP_NODELAY), so the chunk would wait for a delayed ACK
    // (~40 ms per chunk). A lost request is repeated by the device.
    link.subscribe(std::string(ChunkServer::kRequestPrefix) + "#", 0);
    link.subscribe(kTelemetry, 1);
    std::string attrs = announcement(o, server.image());
    link.publish(kAttributes, attrs.data(), attrs.size(), o.retain, true);
    std::printf("announced on %s: %s\n", kAttributes, attrs.c_str());

    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(o.timeout_s);
    int status = -1;
    std::string topic, payload;
    while (status < 0 && std::chrono::steady_clock::now() < deadline) {
        if (!link.receive(kPollMs, topic, payload)) continue;
        if (topic.starts_with(ChunkServer::kRequestPrefix))
            serve_chunk(link, server, topic, payload);
        else if (topic == kTelemetry)
            status = follow(parse_fw_report(payload), o.until);
    }
    std::printf("served %llu chunk requests (%llu repeated, %llu ignored), %llu bytes\n",
                static_cast<unsigned long long>(server.served()), static_cast<unsigned long long>(server.repeats()),
                static_cast<unsigned long long>(server.rejected()), static_cast<unsigned long long>(server.bytes()));
    if (status < 0) {
        std::printf("timeout: no fw_state %s within %d s\n", o.until.c_str(), o.timeout_s);
        return kExitTimeout;
    }
    return status;
}

}  // namespace
}  // namespace otapub

int main(int argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    otapub::Options o;
    bool help = false;
    std::string err;
    if (!otapub::parse_options(argc, argv, o, help, err)) {
        std::fprintf(stderr, "otapub: %s\n%s", err.c_str(), otapub::kUsage);
        return otapub::kExitError;
    }
    if (help) {
        std::printf("%s", otapub::kUsage);
        return 0;
    }
    try {
        return otapub::run(o);
    } catch (const otapub::LinkError& e) {
        std::fprintf(stderr, "otapub: %s\n", e.what());
        return otapub::kExitError;
    }
}
