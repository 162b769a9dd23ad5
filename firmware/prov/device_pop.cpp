#include "firmware/prov/device_pop.h"

#include <mbedtls/md.h>
#include <mbedtls/platform_util.h>

namespace fw::prov {
namespace {
constexpr char kLabel[] = "prov-pop";
constexpr char kBase32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
}  // namespace

Result<std::string> device_pop(const uint8_t (&secret)[storage::kDeviceSecretLen]) {
    uint8_t mac[32];
    const mbedtls_md_info_t* md = mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);
    if (mbedtls_md_hmac(md, secret, sizeof secret, reinterpret_cast<const uint8_t*>(kLabel), sizeof kLabel - 1, mac) !=
        0)
        return Err::Io;
    // 8 characters of 5 bits each: the first 40 bits of the MAC, most significant first.
    uint64_t bits = 0;
    for (int i = 0; i < 5; ++i) bits = bits << 8 | mac[i];
    mbedtls_platform_zeroize(mac, sizeof mac);
    std::string pop(kDevicePopLen, ' ');
    for (size_t i = 0; i < kDevicePopLen; ++i) pop[i] = kBase32[(bits >> (35 - 5 * i)) & 31];
    return pop;
}

Result<std::string> device_pop(hal::Efuse& efuse) {
    uint8_t secret[storage::kDeviceSecretLen];
    efuse.device_secret(secret);
    auto pop = device_pop(secret);
    mbedtls_platform_zeroize(secret, sizeof secret);
    return pop;
}

}  // namespace fw::prov
