#pragma once
// Security 1's session key: X25519(own private, peer public), XORed with SHA-256(PoP) when a
// proof-of-possession is set. Both sides derive it the same way, so the device and the client
// tool share this function.
#include <cstdint>
#include <string>

#include "firmware/core/result.h"
#include "firmware/prov/x25519.h"
#include "hal/rng.h"

namespace fw::prov {

Status sec1_session_key(const uint8_t priv[kX25519Len], const uint8_t peer_pub[kX25519Len], const std::string& pop,
                        hal::Rng& blind, uint8_t key[kX25519Len]);

}  // namespace fw::prov
