#pragma once
// A whole board for the app's state machine: flash with the default partition table, config in
// nvs, credentials in certfs, a scripted sensor, and the in-process TLS broker as its network,
// all on one manual clock. The test PKI is made once per test program (tools/pki).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "fake_hal/fake_hal.h"
#include "firmware/app/device.h"
#include "firmware/core/event_loop.h"
#include "firmware/core/log.h"
#include "firmware/storage/certfs.h"
#include "firmware/storage/kv_store.h"
#include "hal_posix/heap_scope.h"
#include "loop_broker.h"
#include "support/pki.h"
#include "support/temp_dir.h"
#include "unit/flash_image/image_fixtures.h"

namespace device_test {

// Identities: "dev-1" valid, "dev-old" expired yesterday, "claim" the fleet's claim identity.
inline const testsupport::Pki& pki() {
    static testsupport::TempDir dir("device-pki");
    static testsupport::Pki p = [] {
        testsupport::Pki k(dir.path());
        testsupport::DeviceCertOptions expired;
        expired.expired = true;
        bool ok = k.init() && k.make_device("dev-1") && k.make_device("dev-old", expired) && k.make_device("claim") &&
                  k.make_rogue("rogue");
        EXPECT_TRUE(ok) << k.error();
        return k;
    }();
    return p;
}

class FakeSystem : public hal::System {
public:
    // The tests never ask for a restart; one means the device decided to reset by itself.
    [[noreturn]] void restart() override {
        ADD_FAILURE() << "unexpected restart";
        std::abort();
    }
    [[noreturn]] void halt(const char* why) override {
        ADD_FAILURE() << "halt: " << why;
        std::abort();
    }
    hal::ResetReason reset_reason() override { return hal::ResetReason::PowerOn; }
    uint32_t boot_count() override { return 1; }
    hal::Status run_app(uint32_t, const uint8_t*, size_t) override { return hal::Status::Unsupported; }
    uint32_t running_image_offset() override { return 0x20000; }
    bool poll_button() override { return false; }
    size_t free_heap() override { return 200000; }
    size_t min_free_heap() override { return 150000; }
    size_t firmware_heap() override { return 90000; }
    size_t firmware_heap_peak() override { return 95000; }
};

// A DHT-like sensor: a slow ramp, or the failures the test queues.
class ScriptedSensor : public hal::Sensor {
public:
    hal::Status read(hal::Reading& out) override {
        ++reads;
        if (failures > 0) {
            --failures;
            return hal::Status::Timeout;
        }
        out = {20.0f + static_cast<float>(reads % 50) * 0.1f, 40.0f};
        return hal::Status::Ok;
    }
    int reads = 0;
    int failures = 0;  // the next this many reads time out
};

// A log that keeps only what the tests look for, so a long soak does not grow the heap itself.
class CountingLog : public fake::RecordingLog {
public:
    void write_line(const char* line, size_t len) override {
        hal_posix::HostHeap host_heap;  // what the test keeps of the log is not the device's heap
        ++count;
        if (keep) fake::RecordingLog::write_line(line, len);
    }
    bool keep = true;
    size_t count = 0;
};

struct BoardConfig {
    std::string identity = "dev-1";  // certificate in certfs; "" for none
    bool claim = false;              // the fleet's claim identity in certfs (enrollment)
    uint32_t interval_s = 1;
    std::string extra_json;  // more "config" keys: u32 values as numbers, strings as strings, bools as u8
};

class Board {
public:
    static constexpr uint32_t kNvs = 0x11000, kNvsSize = 0x6000, kStorage = 0x3A0000, kStorageSize = 0x60000;

    explicit Board(const BoardConfig& bc = {})
        : broker(pki().server_chain_file(), pki().server_key_file(), pki().ca_file()) {
        clock.set_unix_base(
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
                .count());
        fw::log::init(log, clock);
        fixtures::put(flash, fw::storage::kPartitionTableOffset,
                      fixtures::read_bytes(std::string(FIXTURE_DIR) + "/partitions.bin"));
        write_config(bc);
        write_certs(bc.identity, bc.claim);
    }
    ~Board() {
        device.reset();
        fw::log::set_level(fw::log::Level::Info);
    }

    void boot() {
        fw::app::BootInfo info;
        info.desc.project_name = "iotfw";
        info.desc.version = "1.0.0";
        info.desc.date = build_date;
        info.desc.time = build_time;
        info.slot = "ota_0";
        info.image_offset = system.running_image_offset();
        efuse.mac(info.mac);
        device = std::make_unique<fw::app::Device>(hal, loop, info);
        device->start();
    }
    // Runs the event loop for `ms` of simulated time.
    void run_for(uint64_t ms) {
        uint64_t end = clock.now_ms() + ms;
        while (clock.now_ms() < end)
            loop.run_once(static_cast<uint32_t>(std::min<uint64_t>(1000, end - clock.now_ms())));
    }
    // Runs until `done` holds, for `limit_ms` at most; false if it never did.
    template <typename F>
    bool run_until(F done, uint64_t limit_ms = 60000) {
        uint64_t end = clock.now_ms() + limit_ms;
        while (!done()) {
            if (clock.now_ms() >= end) return false;
            loop.run_once(100);
        }
        return true;
    }
    fw::app::Device::State state() const { return device->state(); }
    // A file of the cert store as it is on flash now; "" when absent.
    std::string cert_file(const std::string& name) {
        fw::storage::CertFs fs(fw::storage::FlashRegion(flash, kStorage, kStorageSize));
        if (!fs.mount().ok()) return "";
        auto r = fs.read(name);
        return r.ok() ? std::string(r->begin(), r->end()) : "";
    }

    hal_posix::MemFlash flash{4 << 20};
    fake::ManualClock clock;
    fake::SeededRng rng;
    FakeSystem system;
    fake::RamEfuse efuse;
    CountingLog log;
    LoopBroker broker;
    ScriptedSensor sensor;
    hal::Hal hal{&flash, &clock, &rng, &system, &efuse, &log, &broker, nullptr, nullptr, &sensor};
    fw::EventLoop loop{clock};
    std::unique_ptr<fw::app::Device> device;
    std::string build_date, build_time;  // the app descriptor's ("Dec 06 2026", "22:38:22"); none by default

private:
    void write_config(const BoardConfig& bc) {
        fw::storage::KvStore kv(fw::storage::FlashRegion(flash, kNvs, kNvsSize));
        ASSERT_TRUE(kv.format().ok());
        auto h = kv.open("config");
        ASSERT_TRUE(h.ok());
        ASSERT_TRUE(h->set_str("broker_uri", "mqtts://localhost:8883").ok());
        ASSERT_TRUE(h->set_u32("interval_s", bc.interval_s).ok());
        auto extra = fw::app::Json::parse("{" + bc.extra_json + "}", nullptr, false);
        ASSERT_FALSE(extra.is_discarded()) << bc.extra_json;
        for (const auto& [k, v] : extra.items()) {
            if (v.is_string())
                ASSERT_TRUE(h->set_str(k, v.get<std::string>()).ok());
            else if (v.is_boolean())
                ASSERT_TRUE(h->set_u8(k, v.get<bool>() ? 1 : 0).ok());  // as fwtool nvs gen stores it
            else
                ASSERT_TRUE(h->set_u32(k, v.get<uint32_t>()).ok());
        }
        ASSERT_TRUE(h->commit().ok());
    }
    void write_certs(const std::string& identity, bool claim) {
        fw::storage::CertFs fs(fw::storage::FlashRegion(flash, kStorage, kStorageSize));
        ASSERT_TRUE(fs.format().ok());
        auto put = [&](const char* name, const std::string& path) {
            std::vector<uint8_t> bytes = fixtures::read_bytes(path);
            ASSERT_FALSE(bytes.empty()) << path;
            ASSERT_TRUE(fs.write(name, bytes.data(), bytes.size()).ok());
        };
        put("server_chain.pem", pki().ca_file());
        if (claim) {
            put("claim.crt", pki().device_chain_file("claim"));
            put("claim.key", pki().device_key_file("claim"));
        }
        if (identity.empty()) return;
        put("device.crt", pki().device_chain_file(identity));
        put("device.key", pki().device_key_file(identity));
    }
};

// Runs the board until the device is online and the broker holds its session; false after `limit_ms`.
inline bool online(Board& b, uint64_t limit_ms = 60000) {
    return b.run_until([&] { return b.state() == fw::app::Device::State::Online && b.broker.online(); }, limit_ms);
}

}  // namespace device_test
