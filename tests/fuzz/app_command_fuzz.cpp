// libFuzzer harness for the commands a platform sends: the SmartREST 2.0 CSV reader, the JSON
// command envelope, and every profile's parse_inbound() on the topics it subscribes to, with the
// answers, accepted notices and progress reports each command gets.
//
// Input: byte 0 steers the run, byte 1 picks the topic, the rest is the PUBLISH payload.
//   bits 0-1 of byte 0: generic, ThingsBoard, Cumulocity, OpenRemote
//   byte 1: index into the profile's subscriptions ('+' and '#' filled in) plus the chunk and
//           provisioning topics; at or past the end, the payload's first line is the topic
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fake_hal/fake_hal.h"
#include "firmware/app/platform/command.h"
#include "firmware/app/platform/profile.h"
#include "firmware/app/platform/smartrest_csv.h"
#include "firmware/app/platform/telemetry.h"
#include "fuzz_support.h"

namespace {

using namespace fw::app;

volatile uint64_t g_sink;

std::unique_ptr<Profile> make(ProfileKind kind) {
    DeviceConfig c;
    c.broker = {"broker.local", 8883};
    c.device_id = "ESP32_123456";
    c.profile = kind;
    c.or_realm = "master";
    c.or_asset_id = "6xIa9MkpZuR7slaUGB6OTZ";
    auto p = make_profile(c, 1 << 20);
    if (!p.ok()) __builtin_trap();
    return std::move(p.value());
}

// The topics a profile's subscriptions match, wildcards filled in.
std::vector<std::string> topics(const Profile& p) {
    std::vector<std::string> out;
    for (const auto& s : p.subscriptions()) {
        std::string t;
        for (char c : s.filter) {
            if (c == '+')
                t += "17";
            else if (c == '#')
                t += "chunk/3";
            else
                t += c;
        }
        out.push_back(t);
    }
    return out;
}

uint64_t answer(const Profile& p, const Command& cmd) {
    uint64_t s = 0;
    auto add = [&](const std::vector<Publish>& msgs) {
        for (const auto& m : msgs) s += m.topic.size() + m.payload.size();
    };
    add(p.format_response(cmd, CommandResult::failure("refused: " + cmd.error)));
    add(p.format_response(cmd, CommandResult::success()));
    if (cmd.valid()) {
        add(p.format_accepted(cmd));
        add(p.format_response(cmd, status_result(DeviceStatus{})));
        if (cmd.name == CommandName::Ota)
            add(p.firmware().format_ota_progress({OtaPhase::Failed, cmd.ota.version, "bad"}));
        if (cmd.name == CommandName::SetInterval) add(p.format_interval_changed(cmd.interval_s));
    }
    s += json_text(json_answer(cmd, CommandResult::failure(cmd.error))).size();
    return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    fuzz::init_log();
    static const std::unique_ptr<Profile> profiles[] = {make(ProfileKind::Generic), make(ProfileKind::ThingsBoard),
                                                        make(ProfileKind::Cumulocity), make(ProfileKind::OpenRemote)};
    if (size < 2) return 0;
    const Profile& p = *profiles[data[0] & 3];
    std::string_view payload(reinterpret_cast<const char*>(data + 2), size - 2);
    std::vector<std::string> known = topics(p);
    known.push_back("v2/fw/response/5/chunk/0");
    known.push_back("provisioning/ESP32_123456/response");
    std::string topic;
    if (data[1] < known.size()) {
        topic = known[data[1]];
    } else {
        size_t nl = payload.find('\n');
        topic = std::string(payload.substr(0, nl));
        payload = nl == std::string_view::npos ? std::string_view() : payload.substr(nl + 1);
    }

    uint64_t s = 0;
    auto rows = csv::parse_rows(payload);
    if (rows.ok()) {
        for (const auto& row : rows.value()) {
            // What is read is written back readably: the row survives a round trip.
            auto again = csv::parse_rows(csv::make_row(row));
            if (!row.empty() && !(row.size() == 1 && row[0].empty()) &&
                (!again.ok() || again.value().size() != 1 || again.value()[0] != row))
                __builtin_trap();
            s += row.size();
        }
    }
    Json j = Json::parse(payload, nullptr, false);
    if (!j.is_discarded()) s += answer(p, parse_json_command(j));

    Inbound in = p.parse_inbound(topic, payload);
    for (const auto& cmd : in.commands) s += answer(p, cmd);
    for (const auto& e : in.errors) s += e.size();
    if (auto id = p.firmware().parse_fw_chunk_topic(topic)) s += id->index + id->request_id;
    g_sink = s;
    return 0;
}
