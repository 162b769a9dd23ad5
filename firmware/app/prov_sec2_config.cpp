#include "firmware/app/prov_sec2_config.h"

#include "firmware/core/hex.h"
#include "firmware/core/log.h"

namespace fw::app {
namespace {

constexpr const char* kTag = "device";

// Reads a hex-string key; false (logged) when it is present but not even-length hex.
bool read_hex(ConfigSource& src, const char* key, std::vector<uint8_t>& out, bool& present) {
    auto text = src.get_string(key);
    present = text.ok();
    out.clear();
    if (!present) return true;
    if (hex_decode(text.value(), out)) return true;
    FW_LOGE(kTag, "config/%s is not a hex string", key);
    return false;
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
