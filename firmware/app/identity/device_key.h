#pragma once
// The device's own identity key: EC P-256, made on the chip from the hardware RNG the first time
// it is needed, kept in certfs as device.key sealed with the eFuse device-unique secret
// (storage/key_seal.h). It never leaves the device: enrollment sends a CSR signed with it.
// A device.key written in plaintext PEM at manufacturing (fwtool certfs pack) is read as is.
#include <string>

#include "firmware/app/identity/cert_files.h"
#include "firmware/app/identity/secret_text.h"
#include "firmware/core/result.h"
#include "firmware/storage/certfs.h"
#include "hal/efuse.h"
#include "hal/rng.h"

namespace fw::app {

// PEM of a fresh P-256 key.
Result<SecretText> generate_p256_key(hal::Rng& rng);
// PKCS#10 certificate request for subject CN=`common_name`, signed (ECDSA/SHA-256) with `key_pem`.
Result<std::string> make_csr(const std::string& key_pem, const std::string& common_name, hal::Rng& rng);

// A key file as PEM, sealed (the file name is the seal's purpose) or plaintext. NotFound when
// absent; VerifyFailed when it is sealed but does not open here (another chip, or damaged);
// Corrupt when unreadable.
// Every other copy of the key made on the way (file bytes, unsealed bytes) is wiped.
Result<SecretText> read_key_file(const storage::CertFs& fs, hal::Efuse& efuse, const char* name);

struct DeviceKey {
    SecretText pem;
    bool created = false;  // made just now
};
// The stored device.key, or a new one, sealed and stored, when there is none. A key that exists but
// cannot be read is an error, never silently replaced.
Result<DeviceKey> load_or_create_device_key(storage::CertFs& fs, hal::Efuse& efuse, hal::Rng& rng);

}  // namespace fw::app
