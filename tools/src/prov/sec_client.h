#pragma once
// The client side of the protocomm security schemes (esp_prov's security0.py / security1.py /
// security2.py).
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "hal/rng.h"
#include "tools/src/prov/transport.h"

namespace provcli {

// The secure session could not be established (refused, wrong PoP, bad answer).
struct SessionError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class SecClient {
public:
    virtual ~SecClient() = default;
    // Runs the prov-session handshake; throws SessionError.
    virtual void establish(Transport& t) = 0;
    virtual void encrypt(std::vector<uint8_t>& data) = 0;
    virtual void decrypt(std::vector<uint8_t>& data) = 0;
};

std::unique_ptr<SecClient> make_sec0();
// Draws the client's X25519 private key from `rng` (32 bytes, first thing in establish()).
std::unique_ptr<SecClient> make_sec1(std::string pop, hal::Rng& rng);
// SRP6a as `username` with `password`; draws the client's private a (32 bytes) from `rng` first.
// `step_nonce`: the device's sec_patch_ver is 1 or more (the AES-GCM counter steps per record).
std::unique_ptr<SecClient> make_sec2(std::string username, std::string password, bool step_nonce, hal::Rng& rng);

}  // namespace provcli
