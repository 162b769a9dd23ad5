#pragma once
// AWS certificate ownership tokens: CreateCertificateFromCsr hands one out with the certificate,
// RegisterThing must present it within the time to live. A token serves one registration.
#include <cstdint>
#include <map>
#include <string>
#include <variant>

#include "tools/src/devcloud/fleet_ca.h"
#include "tools/src/devcloud/random.h"

namespace devcloud {

class OwnershipTokens {
public:
    explicit OwnershipTokens(Random& rng) : rng_(rng) {}

    // A new token (64 hex digits) for `cert`, valid for `ttl_ms`.
    std::string issue(const IssuedCert& cert, int64_t now_ms, int64_t ttl_ms);
    // The certificate a live token stands for, or why it is refused: "unknown", "already used"
    // or "expired". The token stays live until spent.
    std::variant<IssuedCert, std::string> check(const std::string& token, int64_t now_ms) const;
    void spend(const std::string& token);

private:
    struct Entry {
        IssuedCert cert;
        int64_t expires_ms = 0;
        int64_t forget_ms = 0;  // after this, "unknown": a spent or expired token is told apart for one more TTL
        bool spent = false;
    };

    Random& rng_;
    std::map<std::string, Entry> tokens_;
};

}  // namespace devcloud
