#include "firmware/boot/bootloader.h"

#include <algorithm>

#include "firmware/core/log.h"
#include "firmware/storage/otadata.h"

namespace fw::boot {
namespace {

constexpr const char* kTag = "boot";
namespace fs = fw::storage;

struct OtaView {
    int active = -1;
    int previous = -1;
    uint32_t refused = 0;  // bit i: otadata says ota_i failed or was never confirmed
};

// Applies ESP-IDF's rollback rules to otadata and reports which slots it points at.
OtaView apply_ota_rules(const fs::PartitionTable& table, hal::Flash& flash) {
    OtaView v;
    const fs::Partition* p = table.find(fs::PartType::Data, fs::subtype::kOta);
    size_t slots = table.ota_slots().size();
    if (p == nullptr || slots == 0) return v;
    auto od = fs::OtaData::load(fs::FlashRegion(flash, p->offset, p->size));
    if (!od.ok()) {
        FW_LOGW(kTag, "otadata unreadable (%s): ignoring it", name_of(od.err()));
        return v;
    }
    auto n = static_cast<uint32_t>(slots);
    int a = od->active_sector();
    if (a >= 0) {
        fs::OtaState st = od->entry(a).state;
        if (st == fs::OtaState::PendingVerify) {
            FW_LOGW(kTag, "ota_%u was never confirmed by its app: marking it ABORTED and rolling back",
                    static_cast<unsigned>(*od->active_slot(n)));
            if (!od->set_active_state(fs::OtaState::Aborted).ok()) FW_LOGE(kTag, "could not update otadata");
        } else if (st == fs::OtaState::New) {
            FW_LOGI(kTag, "ota_%u is new: first boot, PENDING_VERIFY until the app confirms it",
                    static_cast<unsigned>(*od->active_slot(n)));
            if (!od->set_active_state(fs::OtaState::PendingVerify).ok()) FW_LOGE(kTag, "could not update otadata");
        }
    }
    if (auto s = od->active_slot(n)) v.active = static_cast<int>(*s);
    if (auto s = od->previous_slot(n)) v.previous = static_cast<int>(*s);
    for (uint32_t i = 0; i < n; ++i) {
        fs::OtaState st = od->slot_state(i, n);
        if (st != fs::OtaState::Aborted && st != fs::OtaState::Invalid) continue;
        v.refused |= 1u << i;
        FW_LOGI(kTag, "ota_%u is %s in otadata: not a boot candidate until an update is written into it",
                static_cast<unsigned>(i), fs::name_of(st));
    }
    return v;
}

}  // namespace

std::vector<const fs::Partition*> boot_order(const fs::PartitionTable& table, int active_slot, int previous_slot,
                                             uint32_t refused_slots) {
    std::vector<const fs::Partition*> order;
    auto slots = table.ota_slots();
    auto add = [&order](const fs::Partition* p) {
        if (p != nullptr && std::find(order.begin(), order.end(), p) == order.end()) order.push_back(p);
    };
    auto add_slot = [&](int i) {
        if (i >= 0 && static_cast<size_t>(i) < slots.size() && i < 32 && (refused_slots >> i & 1u) == 0)
            add(slots[static_cast<size_t>(i)]);
    };
    add_slot(active_slot);
    add_slot(previous_slot);
    add(table.find(fs::PartType::App, fs::subtype::kFactory));
    for (size_t i = 0; i < slots.size(); ++i) add_slot(static_cast<int>(i));
    return order;
}

Result<BootChoice> select_image(const hal::Hal& hal) {
    auto table = fs::PartitionTable::read(*hal.flash);
    if (!table.ok()) {
        FW_LOGE(kTag, "partition table at 0x%x is invalid (%s)", static_cast<unsigned>(fs::kPartitionTableOffset),
                name_of(table.err()));
        return table.err();
    }
    for (const auto& p : table->partitions())
        FW_LOGD(kTag, "partition %-16s type %u subtype 0x%02x at 0x%06x size 0x%06x", p.label.c_str(), p.type,
                p.subtype, static_cast<unsigned>(p.offset), static_cast<unsigned>(p.size));
    OtaView ota = apply_ota_rules(table.value(), *hal.flash);
    uint8_t key_digest[32];
    bool secure_boot = hal.efuse->key_digest(key_digest);
    if (secure_boot) FW_LOGI(kTag, "secure boot: only images signed with the key burned in eFuse run");
    for (const fs::Partition* p : boot_order(table.value(), ota.active, ota.previous, ota.refused)) {
        auto img = fs::load_image(fs::FlashRegion(*hal.flash, p->offset, p->size));
        if (!img.ok()) {
            if (img.err() == fs::ImageError::BadMagic)
                FW_LOGI(kTag, "%s: empty", p->label.c_str());
            else
                FW_LOGE(kTag, "%s: image refused: %s; trying the next slot", p->label.c_str(), fs::name_of(img.err()));
            continue;
        }
        uint32_t floor = hal.efuse->secure_version();
        if (img->info.desc.secure_version < floor) {
            FW_LOGE(kTag, "%s: image refused: secure_version %u is below the anti-rollback counter %u",
                    p->label.c_str(), static_cast<unsigned>(img->info.desc.secure_version),
                    static_cast<unsigned>(floor));
            continue;
        }
        fs::SigError sig = secure_boot ? img->check_signature(key_digest) : fs::SigError::None;
        if (sig != fs::SigError::None) {
            FW_LOGE(kTag, "%s: image refused: signature: %s; trying the next slot", p->label.c_str(), fs::name_of(sig));
            continue;
        }
        FW_LOGI(kTag, "%s: image '%s' version %s verified (%u bytes)", p->label.c_str(),
                img->info.desc.project_name.c_str(), img->info.desc.version.c_str(),
                static_cast<unsigned>(img->info.image_len));
        return BootChoice{*p, std::move(img.value())};
    }
    FW_LOGE(kTag, "no bootable app image in any slot");
    return Err::NotFound;
}

}  // namespace fw::boot
