#pragma once
// The registered devices, kept in a JSON file that is rewritten atomically (temp file + rename)
// on every change, so `devcloud devices` can read it while `devcloud serve` runs.
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
    // Insert or replace, then save (throws std::runtime_error naming the file on a write failure).
    void put(const DeviceRecord& r);
    std::vector<DeviceRecord> all() const;  // by id

    const std::string& path() const { return path_; }

private:
    void save(const std::map<std::string, DeviceRecord>& devices) const;

    std::string path_;
    std::map<std::string, DeviceRecord> devices_;
};

// One line for `devcloud devices`: "<id> <flow> cert=<id> registered=<UTC>[ realm=.. asset=..]".
std::string describe(const DeviceRecord& r);

}  // namespace devcloud
