#pragma once
// Packet identifiers this client has in use (outbox messages awaiting acknowledgement, pending
// SUBSCRIBE/UNSUBSCRIBE). A bitmap of all 65535 ids (8 KiB, allocated once) keeps acquire and
// release O(1) however many messages wait in the outbox, and never hands out an id twice.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace fw::net::mqtt {

class PacketIds {
public:
    PacketIds() : bits_(65536 / 64, 0) {}

    // The next free id after the last one handed out (ids cycle 1..65535); 0 when none is free.
    uint16_t acquire();
    // Marks a known id as in use (messages restored from flash); false if 0 or already in use.
    bool claim(uint16_t id);
    void release(uint16_t id);
    bool in_use(uint16_t id) const { return (bits_[id / 64] >> (id % 64)) & 1; }
    size_t count() const { return count_; }

private:
    std::vector<uint64_t> bits_;
    uint16_t last_ = 0;
    size_t count_ = 0;
};

}  // namespace fw::net::mqtt
