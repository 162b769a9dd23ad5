#pragma once
// Secrets at rest, sealed with a key only this chip can derive, the job ESP32 NVS/flash
// encryption does: the sealing key is HKDF-SHA256 of the eFuse device-unique secret, so a copy of
// flash.bin alone yields ciphertext, and the blob does not open on another chip.
//
// A sealed blob (STORAGE_FORMAT.md, "Sealed secrets"):
//   magic "SEAL" (4) | version 1 (1) | purpose length (1) | 2 zero bytes | nonce (12) | tag (16) | ciphertext
// AES-256-GCM; the header and the purpose text are authenticated, so a blob sealed for one use
// (say, the device key) is refused for another.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "firmware/core/result.h"
#include "hal/rng.h"

namespace fw::storage {

constexpr size_t kDeviceSecretLen = 32;
constexpr size_t kSealHeaderLen = 36;

// `purpose`: 1..255 bytes naming what is sealed (e.g. "device.key").
Result<std::vector<uint8_t>> seal(const uint8_t (&secret)[kDeviceSecretLen], std::string_view purpose,
                                  std::span<const uint8_t> plaintext, hal::Rng& rng);
// Corrupt: not a sealed blob (or an unknown version). VerifyFailed: sealed on another chip, for
// another purpose, or altered.
Result<std::vector<uint8_t>> unseal(const uint8_t (&secret)[kDeviceSecretLen], std::string_view purpose,
                                    std::span<const uint8_t> blob);
// Starts like a sealed blob (magic and version).
bool is_sealed(std::span<const uint8_t> blob);

}  // namespace fw::storage
