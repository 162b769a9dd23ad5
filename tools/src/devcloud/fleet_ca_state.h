#pragma once
// FleetCa's loaded material, shared by its signing (fleet_ca.cpp) and checking
// (fleet_ca_verify.cpp) halves.
#include <string>

#include "tools/src/devcloud/fleet_ca.h"
#include "tools/src/devcloud/random.h"
#include "tools/src/devcloud/x509_util.h"

namespace devcloud {

struct FleetCa::State {
    Crt issuer;  // the intermediate (first certificate of the issuer file)
    PkKey key;   // its private key
    Crt trust;   // root CA(s)
    std::string issuer_pem;
    Random rng;
};

}  // namespace devcloud
