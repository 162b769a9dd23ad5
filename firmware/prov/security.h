#pragma once
// A protocomm security scheme (ESP-IDF's protocomm_security_t): it answers the `prov-session`
// handshake and then encrypts/decrypts every other secured endpoint's payload of that session.
// `session` is the transport's client id (one TCP connection, one BLE link).
#include <cstdint>
#include <vector>

#include "firmware/core/result.h"

namespace fw::prov {

class Security {
public:
    virtual ~Security() = default;
    // Handles one prov-session message. Ok: send `resp`. An error refuses the request (the
    // transport answers with an error, as protocomm_httpd answers 500).
    virtual Status handle_session(uint32_t session, const std::vector<uint8_t>& req, std::vector<uint8_t>& resp) = 0;
    // True when secured endpoints of `session` may be used.
    virtual bool ready(uint32_t session) const = 0;
    // In-place transforms of endpoint payloads; only called when ready(session). A payload that
    // fails authentication (security 2's AES-GCM tag) is refused and ends the session.
    virtual Status decrypt(uint32_t session, std::vector<uint8_t>& data) = 0;
    virtual void encrypt(uint32_t session, std::vector<uint8_t>& data) = 0;
    // The client went away (or misbehaved): forget everything about `session`.
    virtual void close(uint32_t session) = 0;
};

}  // namespace fw::prov
