#include "hal_posix/posix_efuse.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "firmware/core/hex.h"

namespace hal_posix {

using nlohmann::json;

namespace {

// The member `key` when it is a string, else empty (which no hex field accepts).
std::string string_member(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::unique_ptr<PosixEfuse> PosixEfuse::open(const std::string& path, hal::Rng& rng, std::string& error) {
    std::unique_ptr<PosixEfuse> e(new PosixEfuse());
    e->path_ = path;
    std::ifstream in(path);
    if (!in) {
        static const uint8_t kOui[3] = {0x24, 0x0a, 0xc4};
        uint8_t mac[6];
        std::memcpy(mac, kOui, 3);
        rng.fill(mac + 3, 3);
        if (!program(path, mac, nullptr, rng, error)) return nullptr;
        return open(path, rng, error);
    }
    std::stringstream ss;
    ss << in.rdbuf();
    // Members are read type-checked: json::value() throws on a member of another type, and an
    // exception here would abort the chip at power-on instead of refusing the file.
    json j = json::parse(ss.str(), nullptr, false);
    if (j.is_discarded() || !j.is_object() || !fw::hex_decode(string_member(j, "mac"), e->mac_, 6) ||
        !fw::hex_decode(string_member(j, "device_secret"), e->secret_, 32)) {
        error = path + ": not an eFuse file (needs \"mac\" and 64-hex-digit \"device_secret\")";
        return nullptr;
    }
    auto version = j.find("secure_version");
    if (version != j.end()) {
        if (!version->is_number_unsigned()) {
            error = path + ": secure_version must be an unsigned integer";
            return nullptr;
        }
        if (version->get<uint64_t>() > kMaxSecureVersion) {
            error = path + ": secure_version " + std::to_string(version->get<uint64_t>()) + " is above " +
                    std::to_string(kMaxSecureVersion) + ", the most the anti-rollback field holds";
            return nullptr;
        }
        e->secure_version_ = version->get<uint32_t>();
    }
    auto digest = j.find("key_digest");
    if (digest != j.end() && *digest != "") {  // empty: no key burned
        if (!digest->is_string() || !fw::hex_decode(digest->get<std::string>(), e->digest_, 32)) {
            error = path + ": key_digest must be 64 hex digits";
            return nullptr;
        }
        e->has_digest_ = true;
    }
    return e;
}

bool PosixEfuse::program(const std::string& path, const uint8_t mac[6], const uint8_t* key_digest, hal::Rng& rng,
                         std::string& error) {
    PosixEfuse e;
    e.path_ = path;
    std::memcpy(e.mac_, mac, 6);
    rng.fill(e.secret_, sizeof e.secret_);
    if (key_digest) {
        std::memcpy(e.digest_, key_digest, 32);
        e.has_digest_ = true;
    }
    if (e.save()) return true;
    error = path + ": cannot create the eFuse file";
    return false;
}

bool PosixEfuse::save() {
    json j;
    char mac[18];
    std::snprintf(mac, sizeof mac, "%02x:%02x:%02x:%02x:%02x:%02x", mac_[0], mac_[1], mac_[2], mac_[3], mac_[4],
                  mac_[5]);
    j["mac"] = mac;
    j["device_secret"] = fw::hex_encode(secret_, 32);
    j["secure_version"] = secure_version_;
    if (has_digest_) j["key_digest"] = fw::hex_encode(digest_, 32);
    std::string tmp = path_ + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << j.dump(2) << "\n";
        if (!out) return false;
    }
    return std::rename(tmp.c_str(), path_.c_str()) == 0;
}

void PosixEfuse::mac(uint8_t out[6]) { std::memcpy(out, mac_, 6); }

bool PosixEfuse::key_digest(uint8_t out[32]) {
    if (has_digest_) std::memcpy(out, digest_, 32);
    return has_digest_;
}

uint32_t PosixEfuse::secure_version() { return secure_version_; }

hal::Status PosixEfuse::raise_secure_version(uint32_t v) {
    if (v < secure_version_ || v > kMaxSecureVersion) return hal::Status::Io;
    if (v == secure_version_) return hal::Status::Ok;
    secure_version_ = v;
    return save() ? hal::Status::Ok : hal::Status::Io;
}

void PosixEfuse::device_secret(uint8_t out[32]) { std::memcpy(out, secret_, 32); }

}  // namespace hal_posix
