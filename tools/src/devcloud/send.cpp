#include "tools/src/devcloud/send.h"

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>

#include "tools/src/devcloud/command.h"
#include "tools/src/devcloud/operator_tls.h"
#include "tools/src/devcloud/random.h"
#include "tools/src/devcloud/state_files.h"

namespace devcloud {
namespace {

constexpr int kExitOk = 0, kExitTimeout = 1, kExitError = 2, kExitRefused = 3;
constexpr int kPollMs = 200;

// A fresh id per command, so that an old answer still on the broker is not taken for this one's.
std::string correlation(CommandProfile p, Random& rng) {
    if (p == CommandProfile::ThingsBoard) return std::to_string(1 + rng.below(999999999));
    return "devcloud-" + rng.hex(4);
}

int exchange(const Options& o, const OutgoingCommand& cmd, const cloud::TlsFiles& tls) {
    cloud::MqttLink link(o.host, o.port, tls, cloud::LinkOptions{"devcloud-send-" + std::to_string(getpid())});
    link.subscribe(cmd.answer_topic, 1);
    link.publish(cmd.request.topic, cmd.request.payload, false, true);
    std::fprintf(stderr, "devcloud: sent %s to %s on %s, waiting for %s\n", o.cmd.c_str(), o.device.c_str(),
                 cmd.request.topic.c_str(), cmd.answer_topic.c_str());
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(o.timeout_s);
    std::string topic, payload;
    while (std::chrono::steady_clock::now() < deadline) {
        if (!link.receive(kPollMs, topic, payload)) continue;
        if (auto answer = match_answer(cmd, topic, payload)) {
            std::printf("%s\n", answer->text.c_str());
            return answer->ok ? kExitOk : kExitRefused;
        }
    }
    std::fprintf(stderr, "devcloud: no answer from %s on %s within %d s\n", o.device.c_str(), cmd.answer_topic.c_str(),
                 o.timeout_s);
    return kExitTimeout;
}

}  // namespace

int send(const Options& o) {
    signal(SIGPIPE, SIG_IGN);
    try {
        cloud::TlsFiles tls = operator_tls(o);
        Registry registry(registry_file(o));
        Random rng;
        CommandSpec spec{*command_profile(o.profile), o.device, o.cmd, o.params};
        auto built = build_command(spec, correlation(spec.profile, rng), registry);
        if (const auto* err = std::get_if<std::string>(&built)) {
            std::fprintf(stderr, "devcloud: %s\n", err->c_str());
            return kExitError;
        }
        return exchange(o, std::get<OutgoingCommand>(built), tls);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "devcloud: %s\n", e.what());
        return kExitError;
    }
}

}  // namespace devcloud
