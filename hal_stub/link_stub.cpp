// The HAL of the Cortex-M code-size image: every interface implemented with the smallest body that
// keeps its contract's types, so that the image links and its size is the firmware's own. This
// image is measured, never run: no call reaches a peripheral, and none of these bodies is what a
// board port would do (a port implements hal/ over its SDK, as hal_posix/ does over Linux).
#include "hal/entry.h"
#include "hal/hal.h"

namespace {

class StubFlash final : public hal::Flash {
public:
    uint32_t size() const override { return 0; }
    hal::Status read(uint32_t, void*, size_t) override { return hal::Status::Unsupported; }
    hal::Status write(uint32_t, const void*, size_t) override { return hal::Status::Unsupported; }
    hal::Status erase_sector(uint32_t) override { return hal::Status::Unsupported; }
};

class StubClock final : public hal::Clock {
public:
    uint64_t now_ms() override { return 0; }
    void sleep_ms(uint32_t) override {}
    int64_t unix_ms() override { return 0; }
    void set_unix_ms(int64_t) override {}
};

class StubRng final : public hal::Rng {
public:
    void fill(void*, size_t) override {}
};

class StubSystem final : public hal::System {
public:
    [[noreturn]] void restart() override { __builtin_trap(); }
    [[noreturn]] void halt(const char*) override { __builtin_trap(); }
    hal::ResetReason reset_reason() override { return hal::ResetReason::Unknown; }
    uint32_t boot_count() override { return 0; }
    hal::Status run_app(uint32_t, const uint8_t*, size_t) override { return hal::Status::Unsupported; }
    uint32_t running_image_offset() override { return 0; }
    bool poll_button() override { return false; }
    size_t free_heap() override { return 0; }
    size_t min_free_heap() override { return 0; }
    size_t firmware_heap() override { return 0; }
    size_t firmware_heap_peak() override { return 0; }
};

class StubEfuse final : public hal::Efuse {
public:
    void mac(uint8_t*) override {}
    bool key_digest(uint8_t*) override { return false; }
    uint32_t secure_version() override { return 0; }
    hal::Status raise_secure_version(uint32_t) override { return hal::Status::Unsupported; }
    void device_secret(uint8_t*) override {}
};

class StubLog final : public hal::Log {
public:
    void write_line(const char*, size_t) override {}
    bool read_line(std::string&) override { return false; }
};

class StubNet final : public hal::Net {
public:
    hal::Status connect(const char*, uint16_t, hal::Socket&) override { return hal::Status::Unsupported; }
    hal::Status connect_result(hal::Socket) override { return hal::Status::Unsupported; }
    hal::Status send(hal::Socket, const void*, size_t, size_t&) override { return hal::Status::Unsupported; }
    hal::Status recv(hal::Socket, void*, size_t, size_t&) override { return hal::Status::Unsupported; }
    void close(hal::Socket) override {}
    hal::Status resolve(const char*, uint16_t, hal::Endpoint&) override { return hal::Status::Unsupported; }
    hal::Status udp_open(const hal::Endpoint&, hal::Socket&) override { return hal::Status::Unsupported; }
    hal::Status udp_send(hal::Socket, const void*, size_t) override { return hal::Status::Unsupported; }
    hal::Status udp_recv(hal::Socket, void*, size_t, size_t&) override { return hal::Status::Unsupported; }
};

class StubWifi final : public hal::Wifi {
public:
    hal::Status scan(std::vector<hal::WifiAp>&) override { return hal::Status::Unsupported; }
    hal::Status connect(const std::string&, const std::string&) override { return hal::Status::Unsupported; }
    void disconnect() override {}
    bool poll_event(hal::WifiEvent&) override { return false; }
    int8_t rssi() override { return 0; }
};

class StubProv final : public hal::ProvTransport {
public:
    hal::Status start(const std::string&, const std::vector<std::string>&) override { return hal::Status::Unsupported; }
    void stop() override {}
    hal::Status poll(hal::ProvRequest&) override { return hal::Status::WouldBlock; }
    hal::Status respond(uint32_t, const std::vector<uint8_t>&) override { return hal::Status::Unsupported; }
    bool poll_closed(uint32_t&) override { return false; }
};

class StubSensor final : public hal::Sensor {
public:
    hal::Status read(hal::Reading&) override { return hal::Status::Unsupported; }
};

}  // namespace

// The reset handler's C++ half on a board: builds the HAL and enters the firmware. Every peripheral
// is present, so the link keeps everything app_main() can reach, as the real image would.
int main() {
    static StubFlash flash;
    static StubClock clock;
    static StubRng rng;
    static StubSystem system;
    static StubEfuse efuse;
    static StubLog log;
    static StubNet net;
    static StubWifi wifi;
    static StubProv prov;
    static StubSensor sensor;
    static const hal::Hal board{&flash, &clock, &rng, &system, &efuse, &log, &net, &wifi, &prov, &sensor};
    return app_main(board);
}
