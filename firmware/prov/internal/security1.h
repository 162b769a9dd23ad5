#pragma once
// Security 1 (ESP-IDF protocomm_security1): X25519 key exchange, session key XORed with
// SHA-256(PoP), AES-256-CTR with the device random as the initial counter, one keystream for the
// whole session in both directions.
//
// Handshake: Command0 {client_pubkey} -> Response0 {device_pubkey, device_random};
// Command1 {CTR(device_pubkey)} -> Response1 {CTR(client_pubkey)}. The device checks the client's
// verify data in constant time; a mismatch (wrong PoP) ends the session and refuses the request.
//
// Who may start a handshake (one session at a time, TooManySessions to a second client; a wrong
// PoP locks Command0, answered Err::Refused, for a growing delay): session_gate.h.
#include <cstdint>
#include <string>

#include "firmware/prov/ctr_stream.h"
#include "firmware/prov/security.h"
#include "firmware/prov/session_gate.h"
#include "firmware/prov/x25519.h"
#include "hal/clock.h"
#include "hal/rng.h"

struct SessionData;
struct Sec1Payload;

namespace fw::prov {

class Security1 : public Security {
public:
    static constexpr size_t kRandomLen = 16;

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

    Status command0(uint32_t session, const Sec1Payload& in, std::vector<uint8_t>& resp);
    Status command1(uint32_t session, const Sec1Payload& in, std::vector<uint8_t>& resp);
    void reset();

    hal::Rng& rng_;
    SessionGate gate_;
    std::string pop_;
    Phase phase_ = Phase::Idle;
    uint32_t owner_ = 0;
    uint8_t device_pub_[kX25519Len] = {};
    uint8_t client_pub_[kX25519Len] = {};
    uint8_t key_[kX25519Len] = {};
    uint8_t random_[kRandomLen] = {};
    CtrStream ctr_;
};

}  // namespace fw::prov
