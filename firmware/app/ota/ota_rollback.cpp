#include "firmware/app/ota/internal/ota_rollback.h"

#include "firmware/storage/ota_layout.h"
#include "firmware/storage/otadata.h"

namespace fw::app {

std::optional<RolledBack> detect_rollback(hal::Flash& flash, uint32_t running_offset) {
    auto layout = storage::load_ota_layout(flash, running_offset);
    if (!layout.ok()) return std::nullopt;
    auto od = storage::OtaData::load(layout->otadata_region(flash));
    if (!od.ok()) return std::nullopt;
    int active = od->active_sector();
    if (active >= 0) {
        auto slot = od->active_slot(layout->slot_count());
        if (!slot || layout->running < 0 || *slot != static_cast<uint32_t>(layout->running)) return std::nullopt;
    }
    // Without an active entry the device runs the factory app: any abandoned entry is newer.
    uint32_t ours = active >= 0 ? od->entry(active).seq : 0;
    for (int sector = 0; sector < 2; ++sector) {
        const storage::OtaEntry& e = od->entry(sector);
        bool abandoned = e.state == storage::OtaState::Aborted || e.state == storage::OtaState::Invalid;
        if (sector == active || !abandoned || !e.written() || e.seq <= ours) continue;
        RolledBack r{e.seq, "?"};
        const storage::Partition& p = layout->slots[e.slot(layout->slot_count())];
        if (auto desc = storage::read_app_desc(flash, p.offset); desc.ok()) r.version = desc->version;
        return r;
    }
    return std::nullopt;
}

}  // namespace fw::app
