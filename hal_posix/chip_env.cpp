#include "hal_posix/chip_env.h"

#include <cstdlib>

namespace hal_posix {
namespace {

std::string get(const char* name) {
    const char* v = std::getenv(name);
    return v != nullptr ? v : "";
}

uint32_t get_u32(const char* name, uint32_t dflt) {
    std::string v = get(name);
    return v.empty() ? dflt : static_cast<uint32_t>(std::strtoul(v.c_str(), nullptr, 0));
}

void put(const char* name, const std::string& v) { setenv(name, v.c_str(), 1); }

}  // namespace

ChipEnv ChipEnv::from_environment() {
    ChipEnv e;
    e.flash_path = get("FWCHIP_FLASH");
    e.efuse_path = get("FWCHIP_EFUSE");
    e.radio_path = get("FWCHIP_RADIO");
    e.sensor_path = get("FWCHIP_SENSOR");
    e.reset_reason = static_cast<hal::ResetReason>(get_u32("FWCHIP_RESET_REASON", 1));
    e.boot_count = get_u32("FWCHIP_BOOT_COUNT", 1);
    e.image_offset = get_u32("FWCHIP_IMAGE_OFFSET", 0);
    e.prov_port = static_cast<uint16_t>(get_u32("FWCHIP_PROV_PORT", 0));
    e.prov_ble_path = get("FWCHIP_PROV_BLE");
    e.flash_change_path = get("FWCHIP_FLASH_CHANGE");
    e.flash_change_at = get_u32("FWCHIP_FLASH_CHANGE_AT", 0);
    return e;
}

void ChipEnv::to_environment() const {
    put("FWCHIP_FLASH", flash_path);
    put("FWCHIP_EFUSE", efuse_path);
    put("FWCHIP_RADIO", radio_path);
    put("FWCHIP_SENSOR", sensor_path);
    put("FWCHIP_RESET_REASON", std::to_string(static_cast<unsigned>(reset_reason)));
    put("FWCHIP_BOOT_COUNT", std::to_string(boot_count));
    put("FWCHIP_IMAGE_OFFSET", std::to_string(image_offset));
    put("FWCHIP_PROV_PORT", std::to_string(prov_port));
    put("FWCHIP_PROV_BLE", prov_ble_path);
    put("FWCHIP_FLASH_CHANGE", flash_change_path);
    put("FWCHIP_FLASH_CHANGE_AT", std::to_string(flash_change_at));
}

}  // namespace hal_posix
