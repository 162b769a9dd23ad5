#pragma once
// Packet identifiers this client has in use (outbox messages awaiting acknowledgement, pending
// SUBSCRIBE/UNSUBSCRIBE). A bitmap of all 65535 ids keeps acquire and release O(1) however many
// messages wait in the outbox, and never hands out an id twice. It is cut into 16 chunks of 4096
// ids (512 B each), allocated while one of their ids is in use: ids are handed out in order, so
// the ids in use sit in one or two chunks, not the 8 KiB of the whole map.
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace fw::net::mqtt {

class PacketIds {
public:
    // The next free id after the last one handed out (ids cycle 1..65535); 0 when none is free.
    uint16_t acquire();
    // Marks a known id as in use (messages restored from flash); false if 0 or already in use.
    bool claim(uint16_t id);
    void release(uint16_t id);
    bool in_use(uint16_t id) const;
    size_t count() const { return count_; }

private:
    static constexpr size_t kIdsPerChunk = 4096;
    static constexpr size_t kWordsPerChunk = kIdsPerChunk / 64;
    static constexpr size_t kChunks = 65536 / kIdsPerChunk;

    std::array<std::unique_ptr<uint64_t[]>, kChunks> chunks_;
    std::array<uint16_t, kChunks> in_chunk_{};  // ids in use per chunk; 0: the chunk is freed
    uint16_t last_ = 0;
    size_t count_ = 0;
};

}  // namespace fw::net::mqtt
