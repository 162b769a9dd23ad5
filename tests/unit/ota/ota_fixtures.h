#pragma once
// Helpers for the OTA tests: signing keys generated at test time, signed images, and a board
// (flash with the default partition table, fake HAL) that can boot, update and confirm.
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecp.h>
#include <mbedtls/entropy.h>

#include <algorithm>
#include <string>
#include <vector>

#include "fake_hal/fake_hal.h"
#include "firmware/boot/bootloader.h"
#include "firmware/core/log.h"
#include "firmware/storage/ota_confirm.h"
#include "firmware/storage/ota_writer.h"
#include "image_sign.h"
#include "unit/flash_image/image_fixtures.h"

namespace ota {

namespace fs = fw::storage;

constexpr uint32_t kOtadata = 0x17000, kOta0 = 0x20000, kOta1 = 0x1E0000, kSlotSize = 0x1C0000;

// A fresh EC P-256 key pair; never written anywhere.
class TestKey {
public:
    TestKey() {
        mbedtls_ecp_keypair_init(&kp_);
        mbedtls_entropy_context entropy;
        mbedtls_ctr_drbg_context drbg;
        mbedtls_entropy_init(&entropy);
        mbedtls_ctr_drbg_init(&drbg);
        ok_ = mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy, nullptr, 0) == 0 &&
              mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, &kp_, mbedtls_ctr_drbg_random, &drbg) == 0;
        mbedtls_ctr_drbg_free(&drbg);
        mbedtls_entropy_free(&entropy);
    }
    ~TestKey() { mbedtls_ecp_keypair_free(&kp_); }
    TestKey(const TestKey&) = delete;
    TestKey& operator=(const TestKey&) = delete;

    bool ok() const { return ok_; }
    mbedtls_ecp_keypair& keypair() { return kp_; }
    std::vector<uint8_t> digest() const {
        std::vector<uint8_t> d(32);
        fwtool::key_digest(kp_, d.data());
        return d;
    }
    // The image padded to 4 KiB with the signature sector appended (empty on failure).
    std::vector<uint8_t> sign(const std::vector<uint8_t>& image) {
        std::vector<uint8_t> out;
        std::string error;
        if (!fwtool::sign_image(image, static_cast<uint32_t>(image.size()), kp_, out, error)) out.clear();
        return out;
    }
    // Secure boot on: the eFuse trusts this key.
    void burn_into(fake::RamEfuse& efuse) const {
        auto d = digest();
        std::copy(d.begin(), d.end(), efuse.digest);
        efuse.has_digest = true;
    }

private:
    mbedtls_ecp_keypair kp_;
    bool ok_ = false;
};

inline std::vector<uint8_t> app_image(const std::string& version, uint32_t secure_version = 0,
                                      const std::string& project = "iotfw", size_t elf_len = 3000) {
    fs::AppDesc d;
    d.version = version;
    d.project_name = project;
    d.secure_version = secure_version;
    return fs::build_image(d, fixtures::fake_elf(elf_len, static_cast<uint8_t>(version.back())));
}

struct Board {
    hal_posix::MemFlash flash{4 << 20};
    fake::ManualClock clock;
    fake::SeededRng rng;
    fake::RecordingLog log;
    fake::RamEfuse efuse;
    hal::Hal hal{&flash, &clock, &rng, nullptr, &efuse, &log, nullptr, nullptr, nullptr, nullptr};
    uint32_t running = 0;  // where the last boot() started the app

    Board() {
        fw::log::init(log, clock);
        fixtures::put(flash, fs::kPartitionTableOffset,
                      fixtures::read_bytes(std::string(FIXTURE_DIR) + "/partitions.bin"));
    }

    // The bootloader's choice as "ota_1/1.1", or "none".
    std::string boot() {
        auto c = fw::boot::select_image(hal);
        if (!c.ok()) return "none";
        running = c->partition.offset;
        return c->partition.label + "/" + c->image.info.desc.version;
    }
    fs::OtaData otadata() { return fs::OtaData::load(fs::FlashRegion(flash, kOtadata, fs::kOtaDataSize)).value(); }
    std::vector<uint8_t> otadata_bytes() {
        return std::vector<uint8_t>(flash.bytes().begin() + kOtadata,
                                    flash.bytes().begin() + kOtadata + fs::kOtaDataSize);
    }
    fs::OtaState active_state() {
        auto od = otadata();
        return od.active_sector() < 0 ? fs::OtaState::Undefined : od.entry(od.active_sector()).state;
    }

    // Streams `file` through an OtaWriter in `chunk`-byte pieces, as a download would.
    fs::OtaStatus update(const std::vector<uint8_t>& file, size_t chunk = 1000, fs::OtaWriter* writer = nullptr) {
        fs::OtaWriter local(flash, efuse, running);
        fs::OtaWriter& w = writer != nullptr ? *writer : local;
        FW_TRY(w.begin(static_cast<uint32_t>(file.size())));
        for (size_t at = 0; at < file.size(); at += chunk)
            FW_TRY(w.write(file.data() + at, std::min(chunk, file.size() - at)));
        return w.end();
    }
    fw::Status confirm() { return fs::mark_valid(flash, efuse, running); }
};

}  // namespace ota
