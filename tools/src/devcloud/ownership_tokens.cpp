#include "tools/src/devcloud/ownership_tokens.h"

namespace devcloud {

std::string OwnershipTokens::issue(const IssuedCert& cert, int64_t now_ms, int64_t ttl_ms) {
    std::erase_if(tokens_, [now_ms](const auto& kv) { return kv.second.forget_ms <= now_ms; });
    std::string token = rng_.hex(32);
    tokens_[token] = Entry{cert, now_ms + ttl_ms, now_ms + 2 * ttl_ms, false};
    return token;
}

std::variant<IssuedCert, std::string> OwnershipTokens::check(const std::string& token, int64_t now_ms) const {
    auto it = tokens_.find(token);
    if (it == tokens_.end() || it->second.forget_ms <= now_ms) return std::string("unknown");
    if (it->second.spent) return std::string("already used");
    if (it->second.expires_ms <= now_ms) return std::string("expired");
    return it->second.cert;
}

void OwnershipTokens::spend(const std::string& token) {
    auto it = tokens_.find(token);
    if (it != tokens_.end()) it->second.spent = true;
}

}  // namespace devcloud
