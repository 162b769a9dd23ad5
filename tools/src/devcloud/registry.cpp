#include "tools/src/devcloud/registry.h"

#include <algorithm>
#include <cstdio>
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
    // The journal first: a snapshot written in between already holds what the journal held.
    auto journal = cloud::read_file(journal_path());
    auto text = cloud::read_file(path_);
    try {
        if (text) {
            json list = json::parse(*text).at("devices");
            if (!list.is_array()) throw std::runtime_error("registry " + path_ + ": \"devices\" is not a list");
            for (const auto& d : list) {
                DeviceRecord r = from_json(d);
                devices_[r.id] = r;
            }
            snapshot_records_ = devices_.size();
        }
    } catch (const json::exception& e) {
        throw std::runtime_error("registry " + path_ + " is not a device registry: " + e.what());
    }
    if (journal) load_journal(*journal);
}

void Registry::load_journal(const std::string& text) {
    size_t at = 0;
    // A last line without its newline is an append a crash cut short: not a change that happened.
    for (size_t end; (end = text.find('\n', at)) != std::string::npos; at = end + 1) {
        try {
            DeviceRecord r = from_json(json::parse(text.substr(at, end - at)));
            devices_[r.id] = r;
        } catch (const json::exception& e) {
            throw std::runtime_error("registry journal " + journal_path() + ": line " +
                                     std::to_string(journal_lines_ + 1) + " is not a device record: " + e.what());
        }
        ++journal_lines_;
    }
    journal_bytes_ = at;
}

const DeviceRecord* Registry::find(const std::string& id) const {
    auto it = devices_.find(id);
    return it == devices_.end() ? nullptr : &it->second;
}

void Registry::put(const DeviceRecord& r) {
    if (path_.empty()) {
        devices_[r.id] = r;
        return;
    }
    std::string line = to_json(r).dump() + "\n";
    cloud::append_durable(journal_path(), line, journal_bytes_);
    journal_bytes_ += line.size();
    ++journal_lines_;
    devices_[r.id] = r;
    // Folded once as long as the snapshot: each record rewritten costs at most one appended line.
    if (journal_lines_ >= std::max<size_t>(64, snapshot_records_)) compact();
}

std::vector<DeviceRecord> Registry::all() const {
    std::vector<DeviceRecord> out;
    for (const auto& [id, r] : devices_) out.push_back(r);
    return out;
}

void Registry::compact() {
    json list = json::array();
    for (const auto& [id, r] : devices_) list.push_back(to_json(r));
    try {
        cloud::write_file_atomic(path_, json{{"devices", list}}.dump(2) + "\n");
    } catch (const std::runtime_error&) {
        return;  // the journal still holds every change; folding is tried again at the next one
    }
    std::remove(journal_path().c_str());
    journal_lines_ = journal_bytes_ = 0;
    snapshot_records_ = devices_.size();
}

std::string describe(const DeviceRecord& r) {
    std::string line =
        r.id + " " + r.flow + " cert=" + r.certificate_id + " registered=" + utc_text(r.registered_ms / 1000);
    if (!r.asset_id.empty()) line += " realm=" + r.realm + " asset=" + r.asset_id;
    return line;
}

}  // namespace devcloud
