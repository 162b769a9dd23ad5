#pragma once
// OutboxStore on a FlashLog (power-loss safe, one record per message under "<prefix><key hex>").
// Each QoS 1/2 publish costs one record write and each acknowledgement one retire mark, so keep
// it for low-rate telemetry that must survive a reboot. A packet larger than one FlashLog record
// is not stored (save() says TooLarge; the outbox keeps it in RAM).
#include <string>
#include <string_view>

#include "firmware/net/mqtt/mqtt_outbox_store.h"
#include "firmware/storage/flash_log.h"

namespace fw::net {

class FlashOutboxStore : public OutboxStore {
public:
    // `log` must be mounted and outlive the store; `prefix` keeps its keys apart from others'.
    explicit FlashOutboxStore(storage::FlashLog& log, std::string_view prefix = "mqtt.outbox/")
        : log_(log), prefix_(prefix) {}

    Status save(uint32_t key, std::span<const uint8_t> packet) override;
    void erase(uint32_t key) override;
    Status load(const Visitor& visit) override;

private:
    std::string name(uint32_t key) const;

    storage::FlashLog& log_;
    std::string prefix_;
};

}  // namespace fw::net
