#pragma once
// Security 1 (ESP-IDF protocomm_security1): X25519 key exchange, session key XORed with
// SHA-256(PoP), AES-256-CTR with the device random as the initial counter, one keystream for the
// whole session in both directions.
//
// Handshake: Command0 {client_pubkey} -> Response0 {device_pubkey, device_random};
// Command1 {CTR(device_pubkey)} -> Response1 {CTR(client_pubkey)}. The device checks the client's
// verify data in constant time; a mismatch (wrong PoP) ends the session and refuses the request.
//
// One session at a time, as in ESP-IDF. Unlike ESP-IDF, a second client does not evict a live
// session: it gets TooManySessions until the first goes away or stays idle for kIdleTakeoverMs
// (a client that vanished without closing its connection must not lock provisioning forever).
//
// A wrong proof of possession locks the handshake, as a lock would after a wrong code: every
// Command0 is refused (Err::Refused) for kFirstLockoutMs after the first failure, doubling with
// each further one up to kMaxLockoutMs, so the PoP cannot be guessed online. A session that
// verifies starts the count over. The count lives in RAM: a restart (by hand) clears it.
#include <cstdint>
#include <string>

#include "firmware/prov/ctr_stream.h"
#include "firmware/prov/security.h"
#include "firmware/prov/x25519.h"
#include "hal/clock.h"
#include "hal/rng.h"

struct SessionData;
struct Sec1Payload;

namespace fw::prov {

class Security1 : public Security {
public:
    static constexpr uint32_t kIdleTakeoverMs = 60000;
    static constexpr size_t kRandomLen = 16;
    static constexpr uint32_t kFirstLockoutMs = 1000;
    static constexpr uint32_t kMaxLockoutMs = 300000;

    // `pop` empty: no proof of possession. For each Command0, `rng` yields the ephemeral private
    // key (32 bytes) and then the 16-byte device random, before any other draw.
    Security1(hal::Rng& rng, hal::Clock& clock, std::string pop);

    Status handle_session(uint32_t session, const std::vector<uint8_t>& req, std::vector<uint8_t>& resp) override;
    bool ready(uint32_t session) const override;
    Status decrypt(uint32_t session, std::vector<uint8_t>& data) override;
    void encrypt(uint32_t session, std::vector<uint8_t>& data) override;
    void close(uint32_t session) override;

private:
    enum class Phase : uint8_t { Idle, AwaitCommand1, Ready };

    bool busy_for(uint32_t session);
    bool locked_for(uint32_t session);
    void lock_after_failure(uint32_t session);
    Status command0(uint32_t session, const Sec1Payload& in, std::vector<uint8_t>& resp);
    Status command1(uint32_t session, const Sec1Payload& in, std::vector<uint8_t>& resp);
    void reset();

    hal::Rng& rng_;
    hal::Clock& clock_;
    std::string pop_;
    Phase phase_ = Phase::Idle;
    uint32_t owner_ = 0;
    uint64_t last_used_ms_ = 0;
    uint32_t failures_ = 0;  // wrong proofs of possession since the last verified session
    uint64_t locked_until_ms_ = 0;
    uint8_t device_pub_[kX25519Len] = {};
    uint8_t client_pub_[kX25519Len] = {};
    uint8_t key_[kX25519Len] = {};
    uint8_t random_[kRandomLen] = {};
    CtrStream ctr_;
};

}  // namespace fw::prov
