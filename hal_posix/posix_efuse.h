#pragma once
// The eFuse block, kept in a small JSON file beside flash.bin:
//   {"mac":"24:0a:c4:xx:xx:xx","device_secret":"<64 hex>","secure_version":0,"key_digest":"<64 hex>"}
// A missing file is created on first power-on with a random MAC (Espressif OUI) and secret,
// like the factory programming of a new chip. Burned values never go back.
#include <memory>
#include <string>

#include "hal/efuse.h"
#include "hal/rng.h"

namespace hal_posix {

class PosixEfuse : public hal::Efuse {
public:
    static std::unique_ptr<PosixEfuse> open(const std::string& path, hal::Rng& rng, std::string& error);
    // The factory programming of a chip whose MAC is assigned by its maker (a fleet of numbered
    // chips, so ids never collide): a new eFuse file at `path` with this MAC, a random secret and,
    // when `key_digest` is not null, that secure boot key digest burned. False if it cannot be written.
    static bool program(const std::string& path, const uint8_t mac[6], const uint8_t* key_digest, hal::Rng& rng,
                        std::string& error);

    void mac(uint8_t out[6]) override;
    bool key_digest(uint8_t out[32]) override;
    uint32_t secure_version() override;
    hal::Status raise_secure_version(uint32_t v) override;
    void device_secret(uint8_t out[32]) override;

private:
    PosixEfuse() = default;
    bool save();

    std::string path_;
    uint8_t mac_[6] = {};
    uint8_t secret_[32] = {};
    uint8_t digest_[32] = {};
    bool has_digest_ = false;
    uint32_t secure_version_ = 0;
};

}  // namespace hal_posix
