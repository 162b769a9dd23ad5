#include "tools/src/devcloud/serve.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <thread>

#include "tools/src/cloud/chunk_server.h"
#include "tools/src/cloud/files.h"
#include "tools/src/cloud/fw_announcement.h"
#include "tools/src/cloud/fw_state.h"
#include "tools/src/cloud/serve_chunk.h"
#include "tools/src/devcloud/enrollment_service.h"
#include "tools/src/devcloud/operator_tls.h"
#include "tools/src/devcloud/state_files.h"
#include "tools/src/devcloud/telemetry.h"

namespace devcloud {
namespace {

constexpr double kFirstDelayS = 0.5, kMaxDelayS = 10;
constexpr int kPollMs = 200;

volatile std::sig_atomic_t g_stop = 0;

void on_signal(int) { g_stop = 1; }

void install_signals() {
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    signal(SIGPIPE, SIG_IGN);  // a broker that vanishes mid-write is a lost connection, not a crash
}

int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void say(const std::string& line) { std::printf("%s\n", line.c_str()); }

// Sleeps unless asked to stop.
void sleep_unless_stopped(double seconds) {
    for (int i = 0; i < seconds * 10 && !g_stop; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
}

ServiceConfig service_config(const Options& o) {
    ServiceConfig c;
    if (!o.templates.empty()) c.aws_templates = {o.templates.begin(), o.templates.end()};
    if (!o.tb_key.empty()) c.tb_key = o.tb_key;
    if (!o.tb_secret.empty()) c.tb_secret = o.tb_secret;
    if (!o.or_realm.empty()) c.or_realm = o.or_realm;
    return c;
}

std::unique_ptr<cloud::ChunkServer> load_image(const Options& o) {
    if (o.ota_image.empty()) return nullptr;
    auto image = cloud::read_file(o.ota_image);
    if (!image) throw std::runtime_error("cannot read --ota-image " + o.ota_image);
    return std::make_unique<cloud::ChunkServer>(std::vector<uint8_t>(image->begin(), image->end()));
}

void make_state_dir(const Options& o) {
    std::error_code ec;
    std::filesystem::create_directories(o.state_dir, ec);
    if (ec) throw std::runtime_error("cannot create the state directory " + o.state_dir + ": " + ec.message());
}

// What one serve run answers with, whichever connection is up.
class Cloud {
public:
    explicit Cloud(const Options& o)
        : o_(o),
          ca_(o.issuer_cert, o.issuer_key, o.trust),
          registry_(registry_file(o)),
          telemetry_(telemetry_file(o)),
          service_(ca_, registry_, service_config(o), now_ms, say),
          chunks_(load_image(o)) {}

    void subscribe_and_announce(cloud::MqttLink& link) {
        for (const auto& f : EnrollmentService::request_filters()) link.subscribe(f, 1);
        for (const auto& f : telemetry_filters()) link.subscribe(f, 1);
        if (!chunks_) return;
        // QoS 0 for chunk requests, as otapub: the device repeats a lost one.
        link.subscribe(std::string(cloud::ChunkServer::kRequestPrefix) + "+/chunk/+", 0);
        std::string attrs =
            cloud::announcement_json(cloud::describe_image(o_.ota_title, o_.ota_version, chunks_->image()));
        link.publish(cloud::kFwAttributesTopic, attrs, true, true);
        say(std::string("announced on ") + cloud::kFwAttributesTopic + ": " + attrs);
    }

    void on_message(cloud::MqttLink& link, const std::string& topic, const std::string& payload) {
        if (chunks_ && topic.starts_with(cloud::ChunkServer::kRequestPrefix)) {
            std::string line = cloud::serve_chunk(link, *chunks_, topic, payload);
            if (!line.empty() && !o_.quiet) say(line);
            return;
        }
        auto answers = service_.handle(topic, payload);
        for (const auto& m : answers) link.publish(m.topic, m.payload, m.retain, false);
        if (!answers.empty()) return;
        auto event = classify_telemetry(topic, payload);
        if (!event) return;
        std::string line = telemetry_.record(*event, now_ms());
        if (o_.quiet) return;
        say(line);
        if (chunks_ && topic == cloud::kFwTelemetryTopic)
            for (const auto& l : cloud::describe(cloud::parse_fw_report(payload))) say(l);
    }

private:
    const Options& o_;
    FleetCa ca_;
    Registry registry_;
    TelemetryLog telemetry_;
    EnrollmentService service_;
    std::unique_ptr<cloud::ChunkServer> chunks_;
};

// One connection, until it is lost (LinkError) or a signal asks to stop. `delay` starts again
// from the first step once the connection is up.
void run_connection(const Options& o, const cloud::TlsFiles& tls, Cloud& c, double& delay) {
    cloud::MqttLink link(o.host, o.port, tls, cloud::LinkOptions{"devcloud-" + std::to_string(getpid())});
    c.subscribe_and_announce(link);
    delay = kFirstDelayS;
    say("devcloud: ready");
    std::string topic, payload;
    while (!g_stop) {
        if (!link.receive(kPollMs, topic, payload)) continue;
        try {
            c.on_message(link, topic, payload);
        } catch (const cloud::LinkError&) {
            throw;
        } catch (const std::exception& e) {
            say("devcloud: could not handle a message on " + topic + ": " + e.what());
        }
    }
}

}  // namespace

int serve(const Options& o) {
    std::optional<Cloud> c;
    cloud::TlsFiles tls;
    try {
        tls = operator_tls(o);
        make_state_dir(o);
        c.emplace(o);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "devcloud: %s\n", e.what());
        return 2;
    }
    install_signals();
    double delay = kFirstDelayS;
    while (!g_stop) {
        try {
            run_connection(o, tls, *c, delay);
        } catch (const cloud::LinkError& e) {
            if (g_stop) break;
            char wait[32];
            std::snprintf(wait, sizeof wait, "%g", delay);
            say(std::string("devcloud: ") + e.what() + "; reconnecting in " + wait + " s");
            sleep_unless_stopped(delay);
            delay = std::min(delay * 2, kMaxDelayS);
        }
    }
    say("devcloud: stopped");
    return 0;
}

}  // namespace devcloud
