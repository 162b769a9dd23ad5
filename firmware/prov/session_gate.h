#pragma once
// Who may start a provisioning handshake, shared by security 1 and 2.
//
// One session at a time, as in ESP-IDF. Unlike ESP-IDF, a second client does not evict a live
// session: it is told "busy" until the first goes away or stays idle for kIdleTakeoverMs (a client
// that vanished without closing its connection must not lock provisioning forever).
//
// A wrong proof (security 1: the PoP; security 2: username or password) locks the handshake, as a
// lock would after a wrong code: every Command0 is refused for kFirstLockoutMs after the first
// failure, doubling with each further one up to kMaxLockoutMs, so the secret cannot be guessed
// online. A session that verifies starts the count over. The count lives in RAM: a restart (by
// hand) clears it.
#include <cstdint>

#include "hal/clock.h"

namespace fw::prov {

class SessionGate {
public:
    static constexpr uint32_t kIdleTakeoverMs = 60000;
    static constexpr uint32_t kFirstLockoutMs = 1000;
    static constexpr uint32_t kMaxLockoutMs = 300000;

    // `tag` names the scheme in log lines, `secret` what a wrong proof means ("proof of possession").
    SessionGate(hal::Clock& clock, const char* tag, const char* secret);

    // A Command0 from `session`: true (logged) while a failure's lockout runs.
    bool locked(uint32_t session) const;
    // A Command0 from `session` while `owner` holds a session (`open`): true (logged) if the owner
    // was active within kIdleTakeoverMs; an idle owner is dropped (logged) and false returned.
    bool busy(bool open, uint32_t owner, uint32_t session) const;
    // The owner used its session now: the idle time counts from here.
    void touch();
    // `session`'s proof was wrong: the lockout grows.
    void failed(uint32_t session);
    // `session`'s proof verified: the failure count starts over.
    void verified();

private:
    hal::Clock& clock_;
    const char* tag_;
    const char* secret_;
    uint64_t last_used_ms_ = 0;
    uint32_t failures_ = 0;  // wrong proofs since the last verified session
    uint64_t locked_until_ms_ = 0;
};

}  // namespace fw::prov
