#include "firmware/app/identity/device_key.h"

#include <mbedtls/ecp.h>
#include <mbedtls/pk.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/x509_csr.h>

#include <cstring>
#include <vector>

#include "firmware/core/c_context.h"
#include "firmware/core/log.h"
#include "firmware/core/rng_callback.h"
#include "firmware/net/tls/x509_contexts.h"
#include "firmware/storage/key_seal.h"

namespace fw::app {
namespace {

constexpr const char* kTag = "devkey";
constexpr size_t kPemMax = 2048;

// The eFuse secret for the span of one seal/unseal, wiped afterwards.
struct Secret {
    explicit Secret(hal::Efuse& e) { e.device_secret(bytes); }
    ~Secret() { mbedtls_platform_zeroize(bytes, sizeof bytes); }
    uint8_t bytes[storage::kDeviceSecretLen];
};

// mbedtls' PEM writers fill a caller buffer, NUL-terminated.
std::string pem_text(std::vector<unsigned char>& buf) {
    std::string s(reinterpret_cast<const char*>(buf.data()));
    mbedtls_platform_zeroize(buf.data(), buf.size());
    return s;
}

// The text of key bytes read from flash or unsealed; the bytes themselves are wiped.
SecretText take_text(std::vector<uint8_t>& bytes) {
    SecretText text(std::string(bytes.begin(), bytes.end()));
    mbedtls_platform_zeroize(bytes.data(), bytes.size());
    return text;
}

}  // namespace

Result<SecretText> generate_p256_key(hal::Rng& rng) {
    net::PkContext pk;
    std::vector<unsigned char> buf(kPemMax);
    int rc = mbedtls_pk_setup(pk.get(), mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY));
    if (rc == 0) rc = mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, mbedtls_pk_ec(*pk), rng_callback, &rng);
    if (rc == 0) rc = mbedtls_pk_write_key_pem(pk.get(), buf.data(), buf.size());
    if (rc != 0) {
        mbedtls_platform_zeroize(buf.data(), buf.size());
        return Err::NoMem;
    }
    return SecretText(pem_text(buf));
}

Result<std::string> make_csr(const std::string& key_pem, const std::string& common_name, hal::Rng& rng) {
    net::PkContext pk;
    CContext<mbedtls_x509write_csr, mbedtls_x509write_csr_init, mbedtls_x509write_csr_free> csr;
    std::vector<unsigned char> buf(kPemMax);
    std::string subject = "CN=" + common_name;
    int rc = mbedtls_pk_parse_key(pk.get(), reinterpret_cast<const unsigned char*>(key_pem.c_str()), key_pem.size() + 1,
                                  nullptr, 0, rng_callback, &rng);
    Err err = rc == 0 ? Err::Ok : Err::InvalidArg;
    if (rc == 0) {
        mbedtls_x509write_csr_set_md_alg(csr.get(), MBEDTLS_MD_SHA256);
        mbedtls_x509write_csr_set_key(csr.get(), pk.get());
        rc = mbedtls_x509write_csr_set_subject_name(csr.get(), subject.c_str());
        if (rc != 0) err = Err::InvalidArg;
    }
    if (rc == 0) rc = mbedtls_x509write_csr_set_key_usage(csr.get(), MBEDTLS_X509_KU_DIGITAL_SIGNATURE);
    if (rc == 0) rc = mbedtls_x509write_csr_pem(csr.get(), buf.data(), buf.size(), rng_callback, &rng);
    if (rc != 0 && err == Err::Ok) err = Err::NoMem;
    if (err != Err::Ok) return err;
    return pem_text(buf);
}

Result<SecretText> read_key_file(const storage::CertFs& fs, hal::Efuse& efuse, const char* name) {
    auto bytes = fs.read(name);
    if (!bytes.ok()) return bytes.err();
    if (!storage::is_sealed(*bytes)) return take_text(*bytes);  // plaintext from manufacturing
    Secret secret(efuse);
    auto plain = storage::unseal(secret.bytes, name, *bytes);
    if (!plain.ok()) return plain.err();
    return take_text(*plain);
}

Result<DeviceKey> load_or_create_device_key(storage::CertFs& fs, hal::Efuse& efuse, hal::Rng& rng) {
    auto existing = read_key_file(fs, efuse, kDeviceKeyFile);
    if (existing.ok()) return DeviceKey{std::move(existing.value()), false};
    if (existing.err() != Err::NotFound) return existing.err();
    auto pem = generate_p256_key(rng);
    if (!pem.ok()) return pem.err();
    Secret secret(efuse);
    auto sealed =
        storage::seal(secret.bytes, kDeviceKeyFile, {reinterpret_cast<const uint8_t*>(pem->data()), pem->size()}, rng);
    if (!sealed.ok()) return sealed.err();
    if (Status s = fs.write(kDeviceKeyFile, sealed->data(), sealed->size()); !s.ok()) {
        FW_LOGE(kTag, "cannot store the new device key (%s)", name_of(s.err()));
        return s.err();
    }
    FW_LOGI(kTag, "generated the device key (EC P-256) and stored it sealed with the eFuse secret");
    return DeviceKey{std::move(pem.value()), true};
}

}  // namespace fw::app
