#pragma once
// The registered devices, kept in a JSON snapshot (PATH, replaced atomically: temp file + rename)
// and a journal beside it (PATH.journal: a record a line, appended and synced on every change).
// A change costs one short append however many devices are registered (a fleet enrolls thousands);
// once the journal is as long as the snapshot it is folded into a new one.
// `devcloud devices` reads both while `devcloud serve` runs.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace devcloud {

struct DeviceRecord {
    std::string id;
    std::string flow;  // "aws", "thingsboard", "openremote"
    std::string certificate_id;
    std::string realm;
    std::string asset_id;
    int64_t registered_ms = 0;
};

class Registry {
public:
    // "" = in memory only; loads an existing file (throws std::runtime_error naming it when it
    // cannot be read or is not a registry).
    explicit Registry(std::string path);

    const DeviceRecord* find(const std::string& id) const;
    // Insert or replace, once the record is in the journal (throws std::runtime_error naming the
    // file when it cannot be written, and changes nothing).
    void put(const DeviceRecord& r);
    std::vector<DeviceRecord> all() const;  // by id

    const std::string& path() const { return path_; }

private:
    std::string journal_path() const { return path_ + ".journal"; }
    void load_journal(const std::string& text);
    // Folds the journal into a new snapshot; on failure the journal stays, as good as before.
    void compact();

    std::string path_;
    std::map<std::string, DeviceRecord> devices_;
    size_t journal_lines_ = 0;
    size_t journal_bytes_ = 0;  // up to the end of its last whole line
    size_t snapshot_records_ = 0;
};

// One line for `devcloud devices`: "<id> <flow> cert=<id> registered=<UTC>[ realm=.. asset=..]".
std::string describe(const DeviceRecord& r);

}  // namespace devcloud
