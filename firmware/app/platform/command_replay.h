#pragma once
// Replay protection for commands. A platform may deliver a command again (QoS 1 redelivery after
// a reconnect, an operator's retry, a recorded message sent again), and a reboot or factory reset
// executed at every delivery would loop. The ids of the last kCapacity commands executed are kept
// with their names and outcomes: the same command with the same id is answered with that outcome
// and not executed again (another command that happens to reuse an id, as a platform that
// restarted its counter would send, still runs). The id of a
// reboot or factory reset is also stored in the kv store (namespace "cmd") before the restart, so
// the same command delivered to the next boot is recognised too. Commands without an id (ThingsBoard
// shared attributes, Cumulocity operations, whose state the platform tracks) are not tracked.
#include <cstddef>
#include <deque>
#include <string>
#include <utility>

#include "firmware/app/platform/command.h"
#include "firmware/storage/kv_store.h"

namespace fw::app {

class RecentCommands {
public:
    static constexpr size_t kCapacity = 16;

    // `kv` null: remembered in RAM only. Loads the id of the restart that led to this boot.
    explicit RecentCommands(storage::KvStore* kv);

    // The outcome of this command (name and id), if it was executed already; null for a new one
    // or one without an id.
    const CommandResult* find(const Command& cmd) const;
    // Remembers `cmd`'s outcome (the oldest id goes beyond kCapacity). A reboot or factory reset is
    // also stored in flash, before it restarts the device.
    void remember(const Command& cmd, const CommandResult& r);

private:
    static std::string key(const Command& cmd);
    void keep(std::string key, CommandResult r);

    storage::KvStore* kv_;
    std::deque<std::pair<std::string, CommandResult>> recent_;
};

}  // namespace fw::app
