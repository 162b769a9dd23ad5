#pragma once
// One-time-programmable eFuse block. Bits can be set, never cleared: the anti-rollback counter
// only goes up and the key digest can be burned once.
#include <cstdint>

#include "hal/status.h"

namespace hal {

class Efuse {
public:
    // The ESP32 anti-rollback field is 32 bits of thermometer code, one bit burned per version.
    static constexpr uint32_t kMaxSecureVersion = 32;

    virtual ~Efuse() = default;
    virtual void mac(uint8_t out[6]) = 0;
    // SHA-256 of the trusted secure-boot public key; false when none is burned (secure boot off).
    virtual bool key_digest(uint8_t out[32]) = 0;
    // The anti-rollback counter: a 32-bit thermometer code on an ESP32, so 0..kMaxSecureVersion.
    virtual uint32_t secure_version() = 0;
    // Raises the anti-rollback counter to `v`; a lower value, or one above kMaxSecureVersion, is
    // refused (Io) and changes nothing.
    virtual Status raise_secure_version(uint32_t v) = 0;
    // 32-byte secret unique to this chip, readable only by firmware (key derivation).
    virtual void device_secret(uint8_t out[32]) = 0;
};

}  // namespace hal
