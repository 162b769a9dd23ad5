#include "firmware/app/platform/command_handler.h"

#include "firmware/core/log.h"

namespace fw::app {
namespace {
constexpr const char* kTag = "device";
}

CommandHandler::CommandHandler(storage::KvStore* kv, Execute execute, PublishFn publish)
    : recent_(kv), execute_(std::move(execute)), publish_(std::move(publish)) {}

void CommandHandler::handle(const Profile& profile, const Command& cmd, bool retained) {
    if (retained && !cmd.desired_state) {
        FW_LOGW(kTag,
                "retained command '%s' (id '%s') ignored: commands must be published without the retain flag "
                "(clear the retained message on the broker)",
                cmd.name_text.c_str(), cmd.id.c_str());
        return;
    }
    if (!cmd.valid()) {
        FW_LOGW(kTag, "command '%s' refused: %s", cmd.name_text.c_str(), cmd.error.c_str());
        for (const auto& p : profile.format_response(cmd, CommandResult::failure(cmd.error))) publish_(p);
        return;
    }
    if (const CommandResult* done = recent_.find(cmd)) {
        FW_LOGW(kTag, "command %s (id '%s') was executed already: %s, not executing it again", name_of(cmd.name),
                cmd.id.c_str(), done->deferred ? "its answer follows" : "answering it again");
        if (!done->deferred)
            for (const auto& p : profile.format_response(cmd, *done)) publish_(p);
        return;
    }
    FW_LOGI(kTag, "command %s (id '%s')", name_of(cmd.name), cmd.id.c_str());
    for (const auto& p : profile.format_accepted(cmd)) publish_(p);
    CommandResult r = execute_(cmd);
    recent_.remember(cmd, r);
    if (r.deferred) return;
    for (const auto& p : profile.format_response(cmd, r)) publish_(p);
}

}  // namespace fw::app
