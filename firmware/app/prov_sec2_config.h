#pragma once
// Security 2 provisioning from the `config` namespace: `sec2_salt` and `sec2_verifier`,
// hex strings made by `prov --sec2_gen_cred` from a username and password. With both present the
// device provisions with security 2 (SRP6a); with neither, security 1 and `prov_pop`.
#include "firmware/app/platform/device_config.h"
#include "firmware/prov/prov_manager.h"

namespace fw::app {

constexpr const char* kSec2SaltKey = "sec2_salt";
constexpr const char* kSec2VerifierKey = "sec2_verifier";

// True when security 2 is configured (then `pc` has sec_ver 2 and the salt and verifier). A key
// that is present but unusable is logged; the device then still selects security 2, whose
// manager refuses to start, rather than falling back to a weaker scheme.
bool load_sec2_config(ConfigSource& src, prov::ProvManagerConfig& pc);

}  // namespace fw::app
