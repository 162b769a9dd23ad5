#pragma once
// Security 2 (ESP-IDF protocomm_security2, ESP-IDF 5's default): SRP6a over the RFC 5054
// 3072-bit group with SHA-512 (srp6a.h), then AES-256-GCM.
//
// Handshake: Command0 {username, A} -> Response0 {B, salt}; Command1 {M} -> Response1 {H(A,M,K),
// nonce}. The device holds only the salt and the verifier v = g^x made from the username and
// password (tools/prov --sec2_gen_cred); a wrong username or password shows as a wrong proof M,
// which ends the session without the device proving anything.
//
// Records: AES-256-GCM with K = SHA-512(S) (gcm_records.h), the nonce counter stepping per record
// (patch version 1, announced in proto-ver as sec_patch_ver, so esp_prov steps it too). A record
// that fails authentication ends the session; so does the counter wrapping to 0.
//
// Differences from ESP-IDF, all on the refusing side: A that is 0 mod N is refused (RFC 5054
// 2.5.4; ESP-IDF does not check, and such an A makes S = 0), the proof is compared in constant
// time, and, as in security 1, a second client does not evict a live session (TooManySessions)
// and a wrong proof locks Command0 (Err::Refused) for a growing delay (session_gate.h). ESP-IDF
// insists on a 384-byte A; esp_prov sends A without leading zero bytes, so about one try in 256
// failed there: any length up to 384 is accepted here, and s, A and B are hashed as sent, as both
// ESP-IDF sides do.
#include <cstdint>
#include <string>
#include <vector>

#include "firmware/prov/gcm_records.h"
#include "firmware/prov/security.h"
#include "firmware/prov/session_gate.h"
#include "firmware/prov/srp6a.h"
#include "hal/clock.h"
#include "hal/rng.h"

struct Sec2Payload;

namespace fw::prov {

// What the device stores for security 2: made from the username and password off the device.
struct Sec2Verifier {
    Bytes salt;
    Bytes verifier;
};

// Checks a stored salt and verifier; logs what is wrong and how to fix it.
Status check_sec2_verifier(const Sec2Verifier& sv);

class Security2 : public Security {
public:
    static constexpr uint8_t kPatchVersion = 1;
    static constexpr size_t kPrivateLen = 32;  // b: 256 bits, as esp_srp draws it

    // For each Command0, `rng` yields b (32 bytes); for each Command1, the 8-byte nonce prefix.
    Security2(hal::Rng& rng, hal::Clock& clock, Sec2Verifier sv);
    ~Security2() override;
    Security2(const Security2&) = delete;
    Security2& operator=(const Security2&) = delete;

    Status handle_session(uint32_t session, const std::vector<uint8_t>& req, std::vector<uint8_t>& resp) override;
    bool ready(uint32_t session) const override;
    Status decrypt(uint32_t session, std::vector<uint8_t>& data) override;
    void encrypt(uint32_t session, std::vector<uint8_t>& data) override;
    void close(uint32_t session) override;

private:
    enum class Phase : uint8_t { Idle, AwaitCommand1, Ready };

    Status command0(uint32_t session, const Sec2Payload& in, std::vector<uint8_t>& resp);
    Status command1(uint32_t session, const Sec2Payload& in, std::vector<uint8_t>& resp);
    void reset();

    hal::Rng& rng_;
    SessionGate gate_;
    Sec2Verifier sv_;
    Phase phase_ = Phase::Idle;
    uint32_t owner_ = 0;
    std::string user_;
    Bytes a_pub_, b_pub_, key_;  // A, B, K
    GcmRecords records_;
};

}  // namespace fw::prov
