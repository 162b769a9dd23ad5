#include "firmware/prov/gcm_records.h"

#include <mbedtls/platform_util.h>

#include <cstring>

namespace fw::prov {

GcmRecords::GcmRecords() { mbedtls_gcm_init(&gcm_); }

GcmRecords::~GcmRecords() { clear(); }

Status GcmRecords::start(const uint8_t key[kKeyLen], const uint8_t nonce[kNonceLen], bool step) {
    clear();
    if (mbedtls_gcm_setkey(&gcm_, MBEDTLS_CIPHER_ID_AES, key, kKeyLen * 8) != 0) return Err::Io;
    std::memcpy(nonce_, nonce, kNonceLen);
    step_ = step;
    usable_ = true;
    return ok_status();
}

Status GcmRecords::seal(std::vector<uint8_t>& data) {
    if (!usable_) return Err::BadState;
    std::vector<uint8_t> out(data.size() + kTagLen);
    if (mbedtls_gcm_crypt_and_tag(&gcm_, MBEDTLS_GCM_ENCRYPT, data.size(), nonce_, kNonceLen, nullptr, 0, data.data(),
                                  out.data(), kTagLen, out.data() + data.size()) != 0)
        return Err::Io;
    data.swap(out);
    step_counter();
    return ok_status();
}

Status GcmRecords::open(std::vector<uint8_t>& data) {
    if (!usable_) return Err::BadState;
    if (data.size() < kTagLen) return Err::Protocol;
    size_t len = data.size() - kTagLen;
    std::vector<uint8_t> plain(len);
    if (mbedtls_gcm_auth_decrypt(&gcm_, len, nonce_, kNonceLen, nullptr, 0, data.data() + len, kTagLen, data.data(),
                                 plain.data()) != 0)
        return Err::VerifyFailed;
    data.swap(plain);
    step_counter();
    return ok_status();
}

// The record just processed stands; only the next one is refused once the counter wraps to 0
// (ESP-IDF refuses a record whose counter is 0).
void GcmRecords::step_counter() {
    if (!step_) return;
    uint8_t* c = nonce_ + kSessionIdLen;
    for (int i = 3; i >= 0; --i)
        if (++c[i] != 0) return;
    usable_ = false;
}

void GcmRecords::clear() {
    mbedtls_gcm_free(&gcm_);
    mbedtls_gcm_init(&gcm_);
    mbedtls_platform_zeroize(nonce_, sizeof nonce_);
    usable_ = false;
}

}  // namespace fw::prov
