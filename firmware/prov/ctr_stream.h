#pragma once
// The AES-256-CTR keystream of a security-1 session. ESP-IDF runs ONE stream per session for both
// directions (client verify data, device verify data, then every request and response in the
// order they are sent), so encrypting and decrypting are the same call on the same object.
#include <mbedtls/aes.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace fw::prov {

class CtrStream {
public:
    static constexpr size_t kKeyLen = 32;
    static constexpr size_t kCounterLen = 16;

    CtrStream();
    ~CtrStream();
    CtrStream(const CtrStream&) = delete;
    CtrStream& operator=(const CtrStream&) = delete;

    // (Re)starts the stream: `counter` is the initial counter block (the device random).
    void start(const uint8_t key[kKeyLen], const uint8_t counter[kCounterLen]);
    // XORs the next keystream bytes into `data`.
    void apply(uint8_t* data, size_t len);
    void apply(std::vector<uint8_t>& data) { apply(data.data(), data.size()); }
    // Forgets the key.
    void clear();

private:
    mbedtls_aes_context aes_;
    uint8_t counter_[kCounterLen] = {};
    uint8_t block_[kCounterLen] = {};
    size_t offset_ = 0;
};

}  // namespace fw::prov
