#pragma once
// What every command goes through, whatever the platform: a retained one is ignored (a retained
// factory_reset would wipe Wi-Fi at every connect, a retained reboot loop; only desired state may
// be retained), an invalid one is refused with its error, one already executed (same name and
// id, command_replay.h) is answered again rather than run again, and every other one is
// accepted, run and answered through the profile. Running it is the owner's business.
#include <functional>

#include "firmware/app/platform/command.h"
#include "firmware/app/platform/command_replay.h"
#include "firmware/app/platform/profile.h"
#include "firmware/storage/kv_store.h"

namespace fw::app {

class CommandHandler {
public:
    using Execute = std::function<CommandResult(const Command&)>;
    using PublishFn = std::function<void(const Publish&)>;

    // `kv` as RecentCommands takes it.
    CommandHandler(storage::KvStore* kv, Execute execute, PublishFn publish);

    void handle(const Profile& profile, const Command& cmd, bool retained);

private:
    RecentCommands recent_;
    Execute execute_;
    PublishFn publish_;
};

}  // namespace fw::app
