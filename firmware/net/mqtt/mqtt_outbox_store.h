#pragma once
// Where the outbox keeps accepted QoS 1/2 messages so they survive a reboot (optional). The
// outbox saves an encoded PUBLISH when the app publishes it and erases it once the broker has
// acknowledged it; on the next boot it loads what is left and sends it again with DUP=1.
#include <cstdint>
#include <functional>
#include <span>

#include "firmware/core/result.h"

namespace fw::net {

class OutboxStore {
public:
    using Visitor = std::function<void(uint32_t key, std::span<const uint8_t> packet)>;

    virtual ~OutboxStore() = default;
    // Stores `packet` under `key` (the outbox never reuses a key while it is stored).
    virtual Status save(uint32_t key, std::span<const uint8_t> packet) = 0;
    virtual void erase(uint32_t key) = 0;
    // Calls `visit` for every stored packet, in increasing key order.
    virtual Status load(const Visitor& visit) = 0;
};

}  // namespace fw::net
