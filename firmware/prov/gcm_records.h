#pragma once
// The AES-256-GCM records of a security-2 session (ESP-IDF security2.c, esp_prov security2.py):
// key = the first 32 bytes of the SRP session key K, no associated data, the 16-byte tag appended.
// The 12-byte nonce is the device's 8 random bytes and a big-endian 32-bit counter starting at 1;
// with patch version 1 the counter steps after every record in either direction, so requests
// and responses must be processed in the order they are sent. The device and the client tool
// share this class.
#include <mbedtls/gcm.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "firmware/core/result.h"

namespace fw::prov {

class GcmRecords {
public:
    static constexpr size_t kKeyLen = 32;
    static constexpr size_t kSessionIdLen = 8;
    static constexpr size_t kNonceLen = 12;
    static constexpr size_t kTagLen = 16;

    GcmRecords();
    ~GcmRecords();
    GcmRecords(const GcmRecords&) = delete;
    GcmRecords& operator=(const GcmRecords&) = delete;

    // `step` false: patch version 0, one fixed nonce for the whole session (old ESP-IDF devices).
    Status start(const uint8_t key[kKeyLen], const uint8_t nonce[kNonceLen], bool step = true);
    // Encrypts in place and appends the tag. BadState once the counter is exhausted.
    Status seal(std::vector<uint8_t>& data);
    // Checks the tag and decrypts in place: VerifyFailed for a forged or reordered record,
    // Protocol for one shorter than a tag, BadState once the counter is exhausted.
    Status open(std::vector<uint8_t>& data);
    // Forgets the key.
    void clear();

private:
    void step_counter();

    mbedtls_gcm_context gcm_;
    uint8_t nonce_[kNonceLen] = {};
    bool step_ = true;
    bool usable_ = false;
};

}  // namespace fw::prov
