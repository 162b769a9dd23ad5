#pragma once
// `proto-ver`: plaintext JSON telling the client the protocol version, security scheme and
// capabilities, built as ESP-IDF's wifi_prov_mgr builds it (wifi_prov_get_info_json), keys in its
// order: {"prov":{"ver":"v1.1","sec_ver":1,"sec_patch_ver":0,"cap":["wifi_scan"]}}. "no_sec" (security
// 0) or "no_pop" (security 1 without a PoP) comes before "wifi_scan". `sec_patch_ver` is 1 for
// security 2: esp_prov then steps the AES-GCM nonce counter per message. ESP-IDF lists no
// capability for prov-ctrl; clients just call it (a BLE client finds its characteristic, 0xFF4F).
#include <cstdint>
#include <string>

#include "firmware/prov/protocomm.h"

namespace fw::prov {

constexpr const char* kVersionEndpoint = "proto-ver";
constexpr const char* kProvVersion = "v1.1";

std::string version_json(uint8_t sec_ver, bool has_pop);
Protocomm::Handler make_version_handler(uint8_t sec_ver, bool has_pop);

}  // namespace fw::prov
