// The cost of a device making its own identity at first boot: an EC P-256 key from the RNG, a
// CSR signed with it, and sealing the key with the eFuse-derived key, next to OpenSSL doing the
// key and the CSR in the same run. Heap is counted for the firmware's whole first-boot sequence.
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <chrono>
#include <cstdio>

#include "firmware/app/identity/device_key.h"
#include "firmware/storage/key_seal.h"
#include "hal_posix/heap_count.h"
#include "hal_posix/posix_rng.h"
#include "sections.h"

namespace bench {
namespace {

template <typename F>
Samples time_each(int n, F&& fn) {
    Samples s;
    for (int i = 0; i < n; ++i) {
        auto t0 = std::chrono::steady_clock::now();
        fn();
        s.us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
    }
    return s;
}

void check(bool ok, const char* what) {
    if (!ok) die(std::string("identity: ") + what + " failed");
}

EVP_PKEY* openssl_key() {
    EVP_PKEY* k = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    check(k != nullptr, "OpenSSL key generation");
    return k;
}

void openssl_csr(EVP_PKEY* key) {
    X509_REQ* req = X509_REQ_new();
    X509_NAME* name = X509_REQ_get_subject_name(req);
    bool ok = X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                         reinterpret_cast<const unsigned char*>("ESP32_A1B2C3"), -1, -1, 0) == 1 &&
              X509_REQ_set_pubkey(req, key) == 1 && X509_REQ_sign(req, key, EVP_sha256()) > 0;
    X509_REQ_free(req);
    check(ok, "OpenSSL CSR");
}

struct Row {
    const char* key;
    const char* what;
    Samples fw, ref;  // ref empty: no OpenSSL counterpart
};

}  // namespace

void identity_section(Report& r, const Options& o) {
    const int n = o.connections;
    hal_posix::PosixRng rng;
    std::fprintf(stderr, "bench: device identity\n");
    auto key = fw::app::generate_p256_key(rng);
    check(key.ok(), "key generation");
    const uint8_t secret[fw::storage::kDeviceSecretLen] = {7};
    std::vector<Row> rows;
    rows.push_back({"keygen", "EC P-256 key generation",
                    time_each(n, [&] { check(fw::app::generate_p256_key(rng).ok(), "key generation"); }),
                    time_each(n, [] { EVP_PKEY_free(openssl_key()); })});
    EVP_PKEY* ref_key = openssl_key();
    rows.push_back({"csr", "CSR (CN, SHA-256 ECDSA signature)",
                    time_each(n, [&] { check(fw::app::make_csr(key->str(), "ESP32_A1B2C3", rng).ok(), "CSR"); }),
                    time_each(n, [&] { openssl_csr(ref_key); })});
    EVP_PKEY_free(ref_key);
    const std::span<const uint8_t> pem(reinterpret_cast<const uint8_t*>(key->data()), key->size());
    rows.push_back({"seal",
                    "seal the key (HKDF-SHA256 + AES-256-GCM)",
                    time_each(n, [&] { check(fw::storage::seal(secret, "device.key", pem, rng).ok(), "seal"); }),
                    {}});

    // Heap of the whole first-boot sequence, as the device runs it.
    const auto base = static_cast<int64_t>(heap_count_current());
    heap_count_reset_peak();
    {
        auto k = fw::app::generate_p256_key(rng);
        auto csr = fw::app::make_csr(k->str(), "ESP32_A1B2C3", rng);
        auto sealed =
            fw::storage::seal(secret, "device.key", {reinterpret_cast<const uint8_t*>(k->data()), k->size()}, rng);
        check(csr.ok() && sealed.ok(), "first-boot sequence");
    }
    const int64_t peak = static_cast<int64_t>(heap_count_peak()) - base;
    const int64_t after = static_cast<int64_t>(heap_count_current()) - base;

    Table tab;
    tab.title = "Device identity at first boot (firmware: mbedtls; reference: OpenSSL)";
    tab.columns = {"operation", "firmware median us", "OpenSSL median us", "firmware / OpenSSL"};
    auto& js = r.json()["identity"];
    for (const auto& row : rows) {
        bool ref = !row.ref.us.empty();
        tab.rows.push_back({row.what, fixed(row.fw.median()), ref ? fixed(row.ref.median()) : "-",
                            ref ? ratio(row.fw.median(), row.ref.median()) : "-"});
        js[row.key] = {{"firmware_median_us", row.fw.median()}, {"firmware_p90_us", row.fw.p90()}};
        if (ref) js[row.key]["openssl_median_us"] = row.ref.median();
    }
    tab.rows.push_back({"heap of keygen + CSR + seal: peak / held after (B)",
                        std::to_string(peak) + " / " + std::to_string(after), "-", "-"});
    js["heap_peak_bytes"] = peak;
    js["heap_after_bytes"] = after;
    tab.note = std::to_string(n) +
               " runs each, host CPU (a chip's P-256 is far slower: this compares the two "
               "libraries on one machine). The firmware's RNG is the HAL's (getrandom here); the key is PEM as "
               "stored. Enrollment then needs one TLS connection with the claim identity, whose heap is that of "
               "any connection (see the heap table).";
    r.add(std::move(tab));
}

}  // namespace bench
