// otapub: the server side of a ThingsBoard firmware update, for a device on a local broker.
// Announces the image as shared attributes, answers chunk requests from the file and follows the
// device's fw_state telemetry until the state asked for (see kUsage for the exit status).
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "tools/src/cloud/chunk_server.h"
#include "tools/src/cloud/files.h"
#include "tools/src/cloud/fw_announcement.h"
#include "tools/src/cloud/fw_state.h"
#include "tools/src/cloud/mqtt_link.h"
#include "tools/src/cloud/serve_chunk.h"
#include "tools/src/otapub/options.h"

namespace otapub {
namespace {

constexpr int kExitReached = 0, kExitTimeout = 1, kExitError = 2, kExitFailed = 3;
constexpr int kPollMs = 200;

// The exit status once `report` settles the run, or -1 to keep going.
int follow(const cloud::FwReport& report, const std::string& until) {
    for (const auto& line : cloud::describe(report)) std::printf("%s\n", line.c_str());
    if (!report.state) return -1;
    if (*report.state == until) return kExitReached;
    return *report.state == "FAILED" ? kExitFailed : -1;
}

int run(const Options& o) {
    auto image = cloud::read_file(o.image);
    if (!image) {
        std::fprintf(stderr, "otapub: cannot read %s\n", o.image.c_str());
        return kExitError;
    }
    cloud::ChunkServer server(std::vector<uint8_t>(image->begin(), image->end()));
    cloud::MqttLink link(o.host, o.port, cloud::TlsFiles{o.cafile, o.cert, o.key},
                         cloud::LinkOptions{"otapub-" + std::to_string(getpid())});
    // Requests at QoS 0: acknowledging each one would be a small write just before the chunk, and
    // paho's socket has Nagle on (no TCP_NODELAY), so the chunk would wait for a delayed ACK
    // (~40 ms per chunk). A lost request is repeated by the device.
    link.subscribe(std::string(cloud::ChunkServer::kRequestPrefix) + "#", 0);
    link.subscribe(cloud::kFwTelemetryTopic, 1);
    cloud::FwAnnouncement a = cloud::describe_image(o.title, o.version, server.image());
    a.size = o.size.value_or(a.size);
    a.checksum = o.checksum.value_or(a.checksum);
    std::string attrs = cloud::announcement_json(a);
    link.publish(cloud::kFwAttributesTopic, attrs, o.retain, true);
    std::printf("announced on %s: %s\n", cloud::kFwAttributesTopic, attrs.c_str());

    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(o.timeout_s);
    int status = -1;
    std::string topic, payload;
    while (status < 0 && std::chrono::steady_clock::now() < deadline) {
        if (!link.receive(kPollMs, topic, payload)) continue;
        if (topic.starts_with(cloud::ChunkServer::kRequestPrefix)) {
            std::string line = cloud::serve_chunk(link, server, topic, payload);
            if (!line.empty()) std::printf("%s\n", line.c_str());
        } else if (topic == cloud::kFwTelemetryTopic) {
            status = follow(cloud::parse_fw_report(payload), o.until);
        }
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
    } catch (const cloud::LinkError& e) {
        std::fprintf(stderr, "otapub: %s\n", e.what());
        return otapub::kExitError;
    }
}
