#include "firmware/storage/ota_confirm.h"

#include "firmware/core/log.h"
#include "firmware/storage/ota_layout.h"

namespace fw::storage {
namespace {

constexpr const char* kTag = "ota";

// The otadata entry that selects the running slot, if the active one does.
struct RunningEntry {
    std::optional<OtaData> otadata;
    bool selected = false;  // the active entry selects the running slot
    bool any = false;       // otadata selects some slot
};

Result<RunningEntry> find_running_entry(hal::Flash& flash, uint32_t running_offset) {
    auto layout = load_ota_layout(flash, running_offset);
    if (!layout.ok()) return layout.err();
    auto od = OtaData::load(layout->otadata_region(flash));
    if (!od.ok()) return od.err();
    RunningEntry r;
    auto active = od->active_slot(layout->slot_count());
    r.any = active.has_value();
    r.selected = active && layout->running >= 0 && *active == static_cast<uint32_t>(layout->running);
    r.otadata = od.value();
    return r;
}

}  // namespace

Result<OtaState> running_image_state(hal::Flash& flash, uint32_t running_offset) {
    auto r = find_running_entry(flash, running_offset);
    if (!r.ok()) return r.err();
    if (!r->selected) return OtaState::Undefined;
    return r->otadata->entry(r->otadata->active_sector()).state;
}

Status mark_valid(hal::Flash& flash, hal::Efuse& efuse, uint32_t running_offset) {
    auto r = find_running_entry(flash, running_offset);
    if (!r.ok()) return r.err();
    if (r->any && !r->selected) {
        FW_LOGE(kTag, "mark valid: otadata selects another slot than the running one");
        return Err::BadState;
    }
    auto desc = read_app_desc(flash, running_offset);
    if (!desc.ok()) return desc.err();
    // The bootloader runs no such image; refusing here keeps the counter from being asked for it.
    if (desc->secure_version > kMaxSecureVersion) {
        FW_LOGE(kTag, "mark valid: secure_version %u is above %u, the most the anti-rollback eFuse holds",
                static_cast<unsigned>(desc->secure_version), static_cast<unsigned>(kMaxSecureVersion));
        return Err::Refused;
    }
    // otadata first: a reset between the two steps then leaves the counter where it was.
    if (r->selected && r->otadata->entry(r->otadata->active_sector()).state != OtaState::Valid) {
        FW_TRY(r->otadata->set_active_state(OtaState::Valid));
        FW_LOGI(kTag, "running image marked VALID: rollback cancelled");
    }
    if (desc->secure_version > efuse.secure_version()) {
        FW_TRY(Status(from_hal(efuse.raise_secure_version(desc->secure_version))));
        FW_LOGI(kTag, "anti-rollback counter raised to %u", static_cast<unsigned>(desc->secure_version));
    }
    return ok_status();
}

}  // namespace fw::storage
