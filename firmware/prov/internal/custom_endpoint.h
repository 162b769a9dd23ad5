#pragma once
// `custom-data`: an app-defined secured endpoint (ESP-IDF's wifi_prov_mgr_endpoint_create), here
// carrying app configuration such as the platform/broker URL. The device answers "SUCCESS" as
// ESP-IDF's example does.
#include <cstddef>
#include <functional>
#include <string>

#include "firmware/prov/protocomm.h"

namespace fw::prov {

constexpr const char* kCustomEndpoint = "custom-data";
constexpr size_t kMaxCustomData = 1024;

Protocomm::Handler make_custom_handler(std::function<void(const std::string&)> on_data);

}  // namespace fw::prov
