#pragma once
// The device's storage as the partition table lays it out: the kv store (partition nvs:
// configuration, Wi-Fi credentials, command replay, the OTA record) and the certificate store
// (partition storage). Either may be missing; the device then runs without what it would hold.
#include <cstdint>
#include <memory>

#include "firmware/app/kv_adapters.h"
#include "firmware/app/platform/device_config.h"
#include "firmware/prov/kv_credential_store.h"
#include "firmware/storage/certfs.h"
#include "firmware/storage/kv_store.h"
#include "hal/hal.h"

namespace fw::app {

struct DeviceStorage {
    std::unique_ptr<storage::KvStore> kv;           // null: no nvs partition
    std::unique_ptr<storage::CertFs> certs;         // null: no storage partition, or unmountable
    std::unique_ptr<KvConfigSource> config;         // with kv
    std::unique_ptr<prov::KvCredentialStore> wifi;  // with kv

    // Finds and mounts both partitions, logging what fails. An unmountable nvs is left untouched.
    void mount(hal::Flash& flash);
    // The configuration in kv namespace config (defaults when nvs is unreadable), with the device
    // certificate's CN, else the MAC, as the default device id; logged, with every config error,
    // at the log level it sets.
    DeviceConfig load_config(hal::Efuse& efuse, const uint8_t mac[6]) const;
    // Erases the nvs partition: the only way an unmountable one is ever erased.
    Status format_nvs();
};

}  // namespace fw::app
