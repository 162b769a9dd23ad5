#pragma once
// `proto-ver`: plaintext JSON telling the client the protocol version, security scheme and
// capabilities, e.g. {"prov":{"ver":"v1.1","sec_ver":1,"cap":["wifi_scan"]}} (ESP-IDF's
// wifi_prov_mgr adds "no_sec" for security 0 and "no_pop" for security 1 without a PoP).
#include <cstdint>
#include <string>

#include "firmware/prov/protocomm.h"

namespace fw::prov {

constexpr const char* kVersionEndpoint = "proto-ver";
constexpr const char* kProvVersion = "v1.1";

std::string version_json(uint8_t sec_ver, bool has_pop);
Protocomm::Handler make_version_handler(uint8_t sec_ver, bool has_pop);

}  // namespace fw::prov
