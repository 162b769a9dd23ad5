#include "firmware/app/platform/command_replay.h"

#include "firmware/core/log.h"

namespace fw::app {
namespace {

constexpr const char* kTag = "command";
constexpr const char* kNamespace = "cmd";
constexpr const char* kRestartKey = "restart_id";

bool restarts(CommandName n) { return n == CommandName::Reboot || n == CommandName::FactoryReset; }

}  // namespace

RecentCommands::RecentCommands(storage::KvStore* kv) : kv_(kv) {
    if (kv_ == nullptr) return;
    auto h = kv_->open(kNamespace, storage::KvMode::ReadOnly);
    if (!h.ok()) return;
    auto restart = h->get_str(kRestartKey);
    // The restart it asked for has happened: a repeat is answered as done.
    if (restart.ok() && !restart->empty()) keep(std::move(restart.value()), CommandResult::success());
}

std::string RecentCommands::key(const Command& cmd) { return std::string(name_of(cmd.name)) + '/' + cmd.id; }

const CommandResult* RecentCommands::find(const Command& cmd) const {
    if (cmd.id.empty()) return nullptr;
    const std::string k = key(cmd);
    for (const auto& [known, result] : recent_)
        if (known == k) return &result;
    return nullptr;
}

void RecentCommands::remember(const Command& cmd, const CommandResult& r) {
    if (cmd.id.empty()) return;
    keep(key(cmd), r);
    if (!restarts(cmd.name) || kv_ == nullptr) return;
    auto h = kv_->open(kNamespace);
    Status s = h.ok() ? h->set_str(kRestartKey, key(cmd)) : Status(h.err());
    if (s.ok()) s = h->commit();
    if (!s.ok())
        FW_LOGE(kTag, "could not store the id of %s command '%s' (%s): a replay after the restart would run it again",
                name_of(cmd.name), cmd.id.c_str(), name_of(s.err()));
}

void RecentCommands::keep(std::string key, CommandResult r) {
    if (recent_.size() == kCapacity) recent_.pop_front();
    recent_.emplace_back(std::move(key), std::move(r));
}

}  // namespace fw::app
