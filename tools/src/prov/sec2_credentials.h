#pragma once
// Security 2's salt and verifier for a username and password (esp_prov --sec2_gen_cred): what the
// device stores instead of the password, as the `config` keys sec2_salt / sec2_verifier.
#include <string>

#include "firmware/prov/security2.h"
#include "hal/rng.h"

namespace provcli {

// A random salt of `salt_len` bytes (its first byte never 0, see check_sec2_verifier) and
// v = g^x mod N over the 3072-bit group with SHA-512.
fw::prov::Sec2Verifier make_sec2_credentials(const std::string& username, const std::string& password, size_t salt_len,
                                             hal::Rng& rng);
// {"config": {"sec2_salt": "<hex>", "sec2_verifier": "<hex>"}}: input for `fwtool nvs gen`.
std::string sec2_nvs_json(const fw::prov::Sec2Verifier& sv);

}  // namespace provcli
