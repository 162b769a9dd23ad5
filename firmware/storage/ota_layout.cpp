#include "firmware/storage/ota_layout.h"

namespace fw::storage {

Result<OtaLayout> load_ota_layout(hal::Flash& flash, uint32_t running_offset) {
    auto table = PartitionTable::read(flash);
    if (!table.ok()) return table.err();
    const Partition* od = table->find(PartType::Data, subtype::kOta);
    auto slots = table->ota_slots();
    if (od == nullptr || slots.empty()) return Err::NotFound;
    OtaLayout l;
    l.otadata = *od;
    for (const Partition* s : slots) {
        if (s->offset == running_offset) l.running = static_cast<int>(l.slots.size());
        l.slots.push_back(*s);
    }
    return l;
}

Result<AppDesc> read_app_desc(hal::Flash& flash, uint32_t image_offset) {
    uint8_t buf[kAppDescSize];
    uint32_t at = image_offset + kImageHeaderSize + kSegmentHeaderSize;
    if (at < image_offset) return Err::InvalidArg;
    FW_TRY(Status(from_hal(flash.read(at, buf, sizeof buf))));
    return parse_app_desc(buf, sizeof buf);
}

}  // namespace fw::storage
