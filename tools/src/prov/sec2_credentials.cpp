#include "tools/src/prov/sec2_credentials.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "firmware/app/prov_sec2_config.h"
#include "firmware/core/hex.h"

namespace provcli {
fw::prov::Sec2Verifier make_sec2_credentials(const std::string& username, const std::string& password, size_t salt_len,
                                             hal::Rng& rng) {
    fw::prov::Sec2Verifier sv;
    sv.salt.resize(salt_len);
    do rng.fill(sv.salt.data(), sv.salt.size());
    while (sv.salt[0] == 0);
    auto v = fw::prov::srp_verifier(fw::prov::srp_suite_sec2(), sv.salt, username, password);
    if (!v.ok()) throw std::runtime_error("computing the verifier failed");
    sv.verifier = std::move(v.value());
    return sv;
}

std::string sec2_nvs_json(const fw::prov::Sec2Verifier& sv) {
    nlohmann::ordered_json j;
    j["config"][fw::app::kSec2SaltKey] = fw::hex_encode(sv.salt);
    j["config"][fw::app::kSec2VerifierKey] = fw::hex_encode(sv.verifier);
    return j.dump();
}

}  // namespace provcli
