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

bool PacketIds::in_use(uint16_t id) const {
    const auto& chunk = chunks_[id / kIdsPerChunk];
    const size_t bit = id % kIdsPerChunk;
    return chunk && ((chunk[bit / 64] >> (bit % 64)) & 1);
}

bool PacketIds::claim(uint16_t id) {
    if (id == 0 || in_use(id)) return false;
    auto& chunk = chunks_[id / kIdsPerChunk];
    if (!chunk) chunk = std::make_unique<uint64_t[]>(kWordsPerChunk);  // zeroed
    const size_t bit = id % kIdsPerChunk;
    chunk[bit / 64] |= uint64_t{1} << (bit % 64);
    ++in_chunk_[id / kIdsPerChunk];
    ++count_;
    return true;
}

void PacketIds::release(uint16_t id) {
    if (id == 0 || !in_use(id)) return;
    auto& chunk = chunks_[id / kIdsPerChunk];
    const size_t bit = id % kIdsPerChunk;
    chunk[bit / 64] &= ~(uint64_t{1} << (bit % 64));
    if (--in_chunk_[id / kIdsPerChunk] == 0) chunk.reset();
    --count_;
}

}  // namespace fw::net::mqtt
