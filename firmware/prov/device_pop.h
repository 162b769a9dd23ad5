#pragma once
// The per-device proof of possession, printed on the device's label as a product ships: derived
// from the eFuse device-unique secret, so every chip has its own, nothing has to be configured,
// and the factory (fwtool efuse pop) and the device agree on it. HMAC-SHA256(secret, "prov-pop"),
// its first 40 bits as 8 base32 characters (RFC 4648: A-Z, 2-7), which a person can type.
#include <cstdint>
#include <string>

#include "firmware/core/result.h"
#include "firmware/storage/key_seal.h"
#include "hal/efuse.h"

namespace fw::prov {

constexpr size_t kDevicePopLen = 8;

// Err::Io if the HMAC cannot be computed (never an empty PoP).
Result<std::string> device_pop(const uint8_t (&secret)[storage::kDeviceSecretLen]);
Result<std::string> device_pop(hal::Efuse& efuse);

}  // namespace fw::prov
