#include "tools/src/devcloud/registry.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "tools/src/cloud/files.h"
#include "tools/src/devcloud/time_text.h"

namespace devcloud {
namespace {

using nlohmann::json;

json to_json(const DeviceRecord& r) {
    return {{"id", r.id},       {"flow", r.flow},         {"certificate_id", r.certificate_id},
            {"realm", r.realm}, {"asset_id", r.asset_id}, {"registered_ms", r.registered_ms}};
}

DeviceRecord from_json(const json& j) {
    DeviceRecord r;
    r.id = j.at("id").get<std::string>();
    r.flow = j.value("flow", "");
    r.certificate_id = j.value("certificate_id", "");
    r.realm = j.value("realm", "");
    r.asset_id = j.value("asset_id", "");
    r.registered_ms = j.value("registered_ms", int64_t{0});
    return r;
}

}  // namespace

Registry::Registry(std::string path) : path_(std::move(path)) {
    if (path_.empty()) return;
    auto text = cloud::read_file(path_);
    if (!text) return;  // a first run: the file appears with the first device
    try {
        json list = json::parse(*text).at("devices");
        if (!list.is_array()) throw std::runtime_error("registry " + path_ + ": \"devices\" is not a list");
        for (const auto& d : list) {
            DeviceRecord r = from_json(d);
            devices_[r.id] = r;
        }
    } catch (const json::exception& e) {
        throw std::runtime_error("registry " + path_ + " is not a device registry: " + e.what());
    }
}

const DeviceRecord* Registry::find(const std::string& id) const {
    auto it = devices_.find(id);
    return it == devices_.end() ? nullptr : &it->second;
}

void Registry::put(const DeviceRecord& r) {
    // Memory changes only once the file has: the two never disagree.
    auto next = devices_;
    next[r.id] = r;
    save(next);
    devices_ = std::move(next);
}

std::vector<DeviceRecord> Registry::all() const {
    std::vector<DeviceRecord> out;
    for (const auto& [id, r] : devices_) out.push_back(r);
    return out;
}

void Registry::save(const std::map<std::string, DeviceRecord>& devices) const {
    if (path_.empty()) return;
    json list = json::array();
    for (const auto& [id, r] : devices) list.push_back(to_json(r));
    cloud::write_file_atomic(path_, json{{"devices", list}}.dump(2) + "\n");
}

std::string describe(const DeviceRecord& r) {
    std::string line =
        r.id + " " + r.flow + " cert=" + r.certificate_id + " registered=" + utc_text(r.registered_ms / 1000);
    if (!r.asset_id.empty()) line += " realm=" + r.realm + " asset=" + r.asset_id;
    return line;
}

}  // namespace devcloud
