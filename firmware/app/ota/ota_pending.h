#pragma once
// What an update leaves for the image that runs after the restart, in the kv store (namespace
// "ota"): which version was installed, from which one, and the command that asked for it, so
// the next boot can report UPDATED / 503 or the rollback, once. Also the otadata sequence of the
// last rollback reported, so a rollback is reported at one boot only.
#include <cstdint>
#include <optional>
#include <string>

#include "firmware/app/platform/command.h"
#include "firmware/core/result.h"
#include "firmware/storage/kv_store.h"

namespace fw::app {

constexpr const char* kOtaNamespace = "ota";

struct OtaPending {
    std::string version;       // being installed
    std::string from_version;  // running when it was installed
    OtaSource source = OtaSource::Https;
    std::string cmd_id;  // the command's correlation id and answer routing (Command::reply_to)
    std::string reply_to;
    bool answered = false;  // the command was already answered (ok) before the restart

    // The command as far as answering it needs.
    Command command() const;
};

// Without a kv store (no nvs partition) nothing is kept and every load finds nothing.
class OtaPendingStore {
public:
    explicit OtaPendingStore(storage::KvStore* kv) : kv_(kv) {}

    std::optional<OtaPending> load();
    Status save(const OtaPending& p);
    Status clear();
    std::optional<uint32_t> reported_rollback();
    Status set_reported_rollback(uint32_t seq);

private:
    storage::KvStore* kv_;
};

}  // namespace fw::app
