#include "firmware/app/device_storage.h"

#include <algorithm>

#include "firmware/app/identity/credentials.h"
#include "firmware/app/identity/device_id.h"
#include "firmware/core/log.h"
#include "firmware/storage/partition_table.h"

namespace fw::app {
namespace {
constexpr const char* kTag = "device";
}

void DeviceStorage::mount(hal::Flash& flash) {
    auto table = storage::PartitionTable::read(flash);
    if (!table.ok()) {
        FW_LOGE(kTag, "no partition table: running without storage");
        return;
    }
    if (const auto* p = table->find(storage::PartType::Data, storage::subtype::kNvs)) {
        kv = std::make_unique<storage::KvStore>(storage::FlashRegion(flash, p->offset, p->size));
        // An unmountable nvs may be a factory partition this firmware cannot read: it is never
        // erased behind the user's back (ESP-IDF leaves this choice to the application).
        if (Status s = kv->mount(); !s.ok())
            FW_LOGE(kTag,
                    "nvs unmountable (%s): left untouched, running on defaults, settings cannot be saved; "
                    "the console command 'nvs-format confirm' erases it",
                    name_of(s.err()));
    }
    if (const auto* p = table->find("storage")) {
        certs = std::make_unique<storage::CertFs>(storage::FlashRegion(flash, p->offset, p->size));
        if (Status s = certs->mount(); !s.ok()) {
            FW_LOGE(kTag, "cert store unmountable (%s)", name_of(s.err()));
            certs.reset();
        }
    }
    if (kv) {
        config = std::make_unique<KvConfigSource>(*kv);
        wifi = std::make_unique<prov::KvCredentialStore>(*kv);
    }
}

DeviceConfig DeviceStorage::load_config(hal::Efuse& efuse, const uint8_t mac[6]) const {
    DeviceIdentity id;
    std::copy(mac, mac + 6, id.mac.begin());
    if (certs) {
        // The certificate CN is the default device id; a broken certificate is reported later.
        CredentialCheck c = load_credentials(*certs, efuse, 0);
        if (c.ok()) id.cert_cn = c.creds.common_name;
    }
    DeviceConfig cfg;
    if (config && kv->mounted()) {
        ConfigLoad l = load_device_config(*config, id);
        for (const auto& e : l.errors) FW_LOGE(kTag, "config: %s", e.c_str());
        cfg = l.config;
    } else {
        cfg.device_id = id.cert_cn.empty() ? device_id_from_mac(id.mac) : id.cert_cn;
    }
    log::set_level(cfg.log_level);
    FW_LOGI(kTag, "device id %s, profile %s, broker %s:%u, interval %us", cfg.device_id.c_str(), name_of(cfg.profile),
            cfg.broker.configured() ? cfg.broker.host.c_str() : "(none)", cfg.broker.port,
            static_cast<unsigned>(cfg.interval_s));
    if (cfg.prov_open)
        FW_LOGW(kTag,
                "config/prov_open is on: Wi-Fi provisioning needs no proof of possession, anyone in radio "
                "range can provision this device; set prov_open to 0 for the per-device PoP");
    return cfg;
}

Status DeviceStorage::format_nvs() {
    if (!kv) {
        FW_LOGE(kTag, "nvs-format: this board has no nvs partition");
        return Err::NotFound;
    }
    FW_LOGW(kTag, "nvs-format: erasing the nvs partition; every stored setting is lost");
    if (Status s = kv->format(); !s.ok()) {
        FW_LOGE(kTag, "nvs-format failed (%s)", name_of(s.err()));
        return s;
    }
    FW_LOGI(kTag, "nvs formatted: empty and writable; restart to boot with it");
    return ok_status();
}

}  // namespace fw::app
