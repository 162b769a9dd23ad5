// key_probe FLASH.bin EFUSE.json [OTHER_EFUSE.json]: what a copy of flash.bin tells about the
// device's private key. It reads device.key from the cert store, opens it with the chip's eFuse
// secret (which a flash dump does not contain), checks it belongs to device.crt, and then looks
// for the key in every byte of the flash image: the private scalar, its DER and its PEM text.
// With OTHER_EFUSE.json it also checks that another chip's eFuse cannot open the key.
// Prints one line per fact; exit 0 only when the key is sealed, matches the certificate and
// appears nowhere in plaintext (1 otherwise, 2 on usage or unreadable files).
#include <mbedtls/ecp.h>
#include <mbedtls/pk.h>
#include <mbedtls/x509_crt.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "firmware/app/identity/cert_files.h"
#include "firmware/app/identity/device_key.h"
#include "firmware/app/identity/x509_info.h"
#include "firmware/core/crypto_init.h"
#include "firmware/storage/certfs.h"
#include "firmware/storage/key_seal.h"
#include "firmware/storage/partition_table.h"
#include "hal_posix/nor_flash.h"
#include "hal_posix/posix_efuse.h"
#include "hal_posix/posix_rng.h"

namespace {

bool read_file(const std::string& path, std::vector<uint8_t>& out) {
    std::ifstream in(path, std::ios::binary);
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return static_cast<bool>(in) || in.eof();
}

bool contains(const std::vector<uint8_t>& hay, const uint8_t* needle, size_t len) {
    return std::search(hay.begin(), hay.end(), needle, needle + len) != hay.end();
}

int fact(bool good, const char* text) {
    std::printf("%s: %s\n", text, good ? "yes" : "NO");
    return good ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3 || argc > 4) {
        std::fprintf(stderr, "usage: key_probe FLASH.bin EFUSE.json [OTHER_EFUSE.json]\n");
        return 2;
    }
    std::vector<uint8_t> image;
    if (!read_file(argv[1], image) || image.empty() || image.size() % 4096 != 0) {
        std::fprintf(stderr, "key_probe: %s is not a flash image\n", argv[1]);
        return 2;
    }
    // A copy, so that mounting never writes to the device's own flash.
    hal_posix::MemFlash flash(static_cast<uint32_t>(image.size()));
    std::copy(image.begin(), image.end(), flash.bytes().begin());
    auto table = fw::storage::PartitionTable::read(flash);
    const fw::storage::Partition* part = table.ok() ? table->find("storage") : nullptr;
    if (part == nullptr) {
        std::fprintf(stderr, "key_probe: %s has no storage partition\n", argv[1]);
        return 2;
    }
    fw::storage::CertFs fs(fw::storage::FlashRegion(flash, part->offset, part->size));
    auto raw = fs.mount().ok() ? fs.read(fw::app::kDeviceKeyFile) : fw::Result<std::vector<uint8_t>>(fw::Err::Corrupt);
    auto cert = fs.read(fw::app::kDeviceCertFile);
    if (!raw.ok() || !cert.ok()) {
        std::fprintf(stderr, "key_probe: no device.key/device.crt in the cert store\n");
        return 2;
    }
    hal_posix::PosixRng rng;
    std::string error;
    auto efuse = hal_posix::PosixEfuse::open(argv[2], rng, error);
    if (!efuse) {
        std::fprintf(stderr, "key_probe: %s\n", error.c_str());
        return 2;
    }
    int bad = fact(fw::storage::is_sealed(raw.value()), "device.key is sealed");
    auto pem = fw::app::read_key_file(fs, *efuse, fw::app::kDeviceKeyFile);
    bad |= fact(pem.ok(), "it opens with this chip's eFuse secret");
    if (!pem.ok()) return 1;

    mbedtls_pk_context key;
    mbedtls_x509_crt crt;
    mbedtls_pk_init(&key);
    mbedtls_x509_crt_init(&crt);
    std::string cert_pem(cert->begin(), cert->end());
    bool parsed = mbedtls_pk_parse_key(&key, reinterpret_cast<const unsigned char*>(pem->c_str()), pem->size() + 1,
                                       nullptr, 0, fw::psa_rng_callback, nullptr) == 0 &&
                  mbedtls_pk_get_type(&key) == MBEDTLS_PK_ECKEY && fw::app::parse_certs(crt, cert_pem);
    bad |= fact(parsed && fw::app::same_public_key(crt.pk, key), "it is the key of device.crt");
    if (parsed) {
        std::printf("device.crt CN: %s\n", fw::app::x509_common_name(crt.subject).c_str());
        uint8_t d[32];
        unsigned char der[256];
        int der_len = mbedtls_pk_write_key_der(&key, der, sizeof der);
        size_t d_len = 0;
        bool scalar = mbedtls_ecp_write_key_ext(mbedtls_pk_ec(key), &d_len, d, sizeof d) == 0 && d_len == sizeof d;
        bad |= fact(scalar && !contains(image, d, sizeof d), "the private scalar is nowhere in flash.bin");
        bad |= fact(der_len > 0 && !contains(image, der + sizeof der - der_len, static_cast<size_t>(der_len)),
                    "the key's DER is nowhere in flash.bin");
    }
    // The PEM's first base64 line: the text form of the key. (The fleet's shared claim.key is
    // plaintext PEM by design: the broker lets it use the enrollment topics only.)
    const std::string& text = pem->str();
    size_t body = text.find('\n') + 1;
    std::string line = text.substr(body, text.find('\n', body) - body);
    bad |= fact(line.size() >= 32 && !contains(image, reinterpret_cast<const uint8_t*>(line.data()), line.size()),
                "the key's PEM text is nowhere in flash.bin");
    if (argc == 4) {
        auto other = hal_posix::PosixEfuse::open(argv[3], rng, error);
        bad |= fact(other && fw::app::read_key_file(fs, *other, fw::app::kDeviceKeyFile).err() == fw::Err::VerifyFailed,
                    "another chip's eFuse cannot open it");
    }
    mbedtls_x509_crt_free(&crt);
    mbedtls_pk_free(&key);
    return bad;
}
