#include "firmware/app/identity/banner.h"

#include "firmware/core/log.h"
#include "firmware/storage/partition_table.h"

namespace fw::app {
namespace fs = fw::storage;

BootInfo read_boot_info(const hal::Hal& hal) {
    BootInfo b;
    b.image_offset = hal.system->running_image_offset();
    b.reset_reason = hal.system->reset_reason();
    b.boot_count = hal.system->boot_count();
    hal.efuse->mac(b.mac);
    auto table = fs::PartitionTable::read(*hal.flash);
    if (table.ok()) {
        for (const auto& p : table->partitions()) {
            if (p.offset != b.image_offset) continue;
            b.slot = p.label;
            auto img = fs::verify_image(fs::FlashRegion(*hal.flash, p.offset, p.size));
            if (img.ok()) b.desc = img->desc;
        }
    }
    return b;
}

void log_banner(const BootInfo& b) {
    FW_LOGI("app", "%s version %s (secure_version %u, built %s %s)", b.desc.project_name.c_str(),
            b.desc.version.c_str(), static_cast<unsigned>(b.desc.secure_version), b.desc.date.c_str(),
            b.desc.time.c_str());
    FW_LOGI("app", "running from %s at 0x%x, boot #%u, reset reason %s", b.slot.c_str(),
            static_cast<unsigned>(b.image_offset), static_cast<unsigned>(b.boot_count), name_of(b.reset_reason));
    FW_LOGI("app", "chip id %02x:%02x:%02x:%02x:%02x:%02x", b.mac[0], b.mac[1], b.mac[2], b.mac[3], b.mac[4], b.mac[5]);
}

}  // namespace fw::app
