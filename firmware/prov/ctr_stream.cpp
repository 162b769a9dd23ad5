#include "firmware/prov/ctr_stream.h"

#include <mbedtls/platform_util.h>

#include <cstring>

namespace fw::prov {

CtrStream::CtrStream() { mbedtls_aes_init(&aes_); }

CtrStream::~CtrStream() { clear(); }

void CtrStream::start(const uint8_t key[kKeyLen], const uint8_t counter[kCounterLen]) {
    clear();
    mbedtls_aes_setkey_enc(&aes_, key, kKeyLen * 8);  // cannot fail for a 256-bit key
    std::memcpy(counter_, counter, kCounterLen);
}

void CtrStream::apply(uint8_t* data, size_t len) {
    if (len == 0) return;
    mbedtls_aes_crypt_ctr(&aes_, len, &offset_, counter_, block_, data, data);
}

void CtrStream::clear() {
    mbedtls_aes_free(&aes_);
    mbedtls_aes_init(&aes_);
    mbedtls_platform_zeroize(counter_, sizeof counter_);
    mbedtls_platform_zeroize(block_, sizeof block_);
    offset_ = 0;
}

}  // namespace fw::prov
