#include "firmware/app/prov_sec2_config.h"

#include "firmware/core/log.h"

namespace fw::app {
namespace {

constexpr const char* kTag = "device";

int nibble(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Reads a hex-string key; false (logged) when it is present but not even-length hex.
bool read_hex(ConfigSource& src, const char* key, std::vector<uint8_t>& out, bool& present) {
    auto text = src.get_string(key);
    present = text.ok();
    out.clear();
    if (!present) return true;
    const std::string& t = text.value();
    bool ok = t.size() % 2 == 0;
    for (size_t i = 0; ok && i < t.size(); i += 2) {
        int hi = nibble(t[i]), lo = nibble(t[i + 1]);
        ok = hi >= 0 && lo >= 0;
        out.push_back(static_cast<uint8_t>(hi * 16 + lo));
    }
    if (!ok) {
        FW_LOGE(kTag, "config/%s is not a hex string", key);
        out.clear();
    }
    return ok;
}

}  // namespace

bool load_sec2_config(ConfigSource& src, prov::ProvManagerConfig& pc) {
    bool has_salt = false, has_verifier = false;
    bool ok = read_hex(src, kSec2SaltKey, pc.sec2.salt, has_salt);
    ok = read_hex(src, kSec2VerifierKey, pc.sec2.verifier, has_verifier) && ok;
    if (!has_salt && !has_verifier) return false;
    if (has_salt != has_verifier)
        FW_LOGE(kTag, "security 2 needs both config/%s and config/%s", kSec2SaltKey, kSec2VerifierKey);
    if (!ok || has_salt != has_verifier) pc.sec2 = prov::Sec2Verifier{};
    pc.sec_ver = 2;
    return true;
}

}  // namespace fw::app
