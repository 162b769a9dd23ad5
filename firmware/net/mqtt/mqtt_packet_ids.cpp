#include "firmware/net/mqtt/mqtt_packet_ids.h"

namespace fw::net::mqtt {

uint16_t PacketIds::acquire() {
    if (count_ >= 65535) return 0;
    uint16_t id = last_;
    do {
        id = static_cast<uint16_t>(id == 65535 ? 1 : id + 1);
    } while (!claim(id));
    last_ = id;
    return id;
}

bool PacketIds::claim(uint16_t id) {
    if (id == 0 || in_use(id)) return false;
    bits_[id / 64] |= uint64_t{1} << (id % 64);
    ++count_;
    return true;
}

void PacketIds::release(uint16_t id) {
    if (id == 0 || !in_use(id)) return;
    bits_[id / 64] &= ~(uint64_t{1} << (id % 64));
    --count_;
}

}  // namespace fw::net::mqtt
