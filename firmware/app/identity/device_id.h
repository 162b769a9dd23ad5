#pragma once
// What a device id may be: the client id, the topic level and the certificate CN (its CSR names
// it), so the same rule holds on the device and in the cloud that signs its certificate.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace fw::app {

// "ESP32_" + the last three MAC bytes in upper-case hex, as the ESP-IDF examples name devices.
std::string device_id_from_mac(const std::array<uint8_t, 6>& mac);
// 1..64 characters of [A-Za-z0-9._-]: safe in MQTT topics, client ids and Cumulocity serials.
bool valid_device_id(std::string_view id);

}  // namespace fw::app
