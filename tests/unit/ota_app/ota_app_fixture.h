#pragma once
// The device around an OtaAgent, as the agent sees it: the test board (flash with the default
// partition table, 1.0 in ota_0, an update key burned as a production line would), an nvs kv
// store, a profile, a FakeTransport for HTTPS, and a record of what the agent published and when
// it asked for a restart. The test plays the
// platform (ThingsBoard chunks, an HTTPS server) and the chip (power_on() after a restart).
#include <gtest/gtest.h>
#include <mbedtls/sha256.h>
#include <nlohmann/json.hpp>

#include <climits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fake_hal/fake_transport.h"
#include "firmware/app/ota/internal/ota_rollback.h"
#include "firmware/app/ota/ota_agent.h"
#include "firmware/storage/kv_store.h"
#include "unit/ota/ota_fixtures.h"

namespace ota_app {

namespace app = fw::app;

// Where the ThingsBoard profile reports fw_state.
constexpr const char* kTelemetry = "v1/devices/me/telemetry";
using ota::app_image;
using ota::fs::OtaState;

constexpr uint32_t kNvs = 0x11000, kNvsSize = 0x6000;

inline std::string sha256_hex(const std::vector<uint8_t>& data) {
    uint8_t sum[32];
    mbedtls_sha256(data.data(), data.size(), sum, 0);
    std::string out;
    char b[3];
    for (uint8_t v : sum) {
        std::snprintf(b, sizeof b, "%02x", v);
        out += b;
    }
    return out;
}

struct ChunkRequest {
    uint32_t request_id;
    uint32_t index;
    uint32_t size;
};

class AgentTest : public ::testing::Test {
protected:
    ota::TestKey key;  // burned in the eFuse: images made with image() are signed with it
    ota::Board b;
    fw::EventLoop loop{b.clock};
    fake::FakeTransport https;
    app::DeviceConfig cfg;
    std::unique_ptr<app::Profile> profile;
    std::unique_ptr<fw::storage::KvStore> kv;
    app::BootInfo boot;
    std::unique_ptr<app::OtaAgent> agent;
    std::vector<app::Publish> sent;
    std::vector<std::string> restarts;
    size_t scanned_ = 0;          // requests in `sent` already served
    bool allow_unsigned = false;  // config ota_unsigned_ok, read at power_on()

    void SetUp() override {
        ASSERT_TRUE(key.ok());
        key.burn_into(b.efuse);
        fixtures::put(b.flash, ota::kOta0, image("1.0"));
        kv = std::make_unique<fw::storage::KvStore>(fw::storage::FlashRegion(b.flash, kNvs, kNvsSize));
        ASSERT_TRUE(kv->format().ok());
        use_profile(app::ProfileKind::ThingsBoard);
        power_on();
    }

    // An image signed with the burned key, as the platform would deliver it.
    std::vector<uint8_t> image(const std::string& version, uint32_t secure_version = 0,
                               const std::string& project = "iotfw", size_t elf_len = 3000) {
        return key.sign(app_image(version, secure_version, project, elf_len));
    }

    void use_profile(app::ProfileKind kind) {
        cfg.broker = {"broker.local", 8883};
        cfg.device_id = "dev1";
        cfg.profile = kind;
        cfg.or_asset_id = "6xIa9MkpZuR7slaUGB6OTZ";
        profile = std::move(app::make_profile(cfg, 1 << 20).value());
    }

    // The chip boots: the bootloader picks the image, RAM is gone, a new agent starts.
    void power_on(uint32_t selftest_s = 300) {
        agent.reset();
        restarts.clear();
        ASSERT_NE(b.boot(), "none");
        boot = app::BootInfo();
        boot.desc = ota::fs::read_app_desc(b.flash, b.running).value();
        boot.image_offset = b.running;
        kv = std::make_unique<fw::storage::KvStore>(fw::storage::FlashRegion(b.flash, kNvs, kNvsSize));
        ASSERT_TRUE(kv->mount().ok());
        app::OtaHooks h;
        h.publish = [this](const app::Publish& p) {
            sent.push_back(p);
            return true;
        };
        h.restart = [this](const char* why) { restarts.emplace_back(why); };
        h.profile = [this] { return profile.get(); };
        app::OtaAgentConfig oc;
        oc.selftest_s = selftest_s;
        oc.chunk = cfg.ota_chunk;
        oc.allow_unsigned = allow_unsigned;
        agent = std::make_unique<app::OtaAgent>(b.hal, loop, boot, kv.get(), https, oc, std::move(h));
        agent->start();
    }
    void connect() { agent->on_connected(); }

    void spin(int n = 5) {
        for (int i = 0; i < n; ++i) loop.run_once(0);
    }
    void advance(uint64_t ms) {
        b.clock.advance(ms);
        spin(2);
    }

    std::vector<std::string> payloads(const std::string& topic) const {
        std::vector<std::string> out;
        for (const auto& p : sent)
            if (p.topic == topic) out.push_back(p.payload);
        return out;
    }
    // What the device published on `topic` as text, one per line (for readable failures).
    std::string joined(const std::string& topic) const {
        std::string out;
        for (const auto& p : payloads(topic)) out += p + "\n";
        return out;
    }

    // ThingsBoard announcing firmware through shared attributes.
    app::Command announce(const std::string& version, const std::vector<uint8_t>& file,
                          const std::string& title = "iotfw", const std::string& extra = "") {
        std::string attrs = R"({"fw_title":")" + title + R"(","fw_version":")" + version + R"(","fw_size":)" +
                            std::to_string(file.size()) + R"(,"fw_checksum":")" + sha256_hex(file) +
                            R"(","fw_checksum_algorithm":"SHA256")" + extra + "}";
        auto in = profile->parse_inbound("v1/devices/me/attributes", attrs);
        EXPECT_EQ(in.commands.size(), 1u);
        return in.commands.at(0);
    }
    // Runs a command as the device does: a deferred result is answered later by the agent.
    void run(const app::Command& cmd) {
        if (!cmd.valid()) {
            for (const auto& p : profile->format_response(cmd, app::CommandResult::failure(cmd.error)))
                sent.push_back(p);
            return;
        }
        app::CommandResult r = agent->handle(cmd);
        if (!r.deferred)
            for (const auto& p : profile->format_response(cmd, r)) sent.push_back(p);
    }

    std::optional<ChunkRequest> next_request() {
        constexpr std::string_view kPrefix = "v2/fw/request/";
        for (; scanned_ < sent.size(); ++scanned_) {
            const auto& t = sent[scanned_].topic;
            if (t.rfind(kPrefix, 0) != 0) continue;
            ChunkRequest r{};
            if (std::sscanf(t.c_str() + kPrefix.size(), "%u/chunk/%u", &r.request_id, &r.index) != 2) continue;
            r.size = static_cast<uint32_t>(std::stoul(sent[scanned_].payload));
            ++scanned_;
            return r;
        }
        return std::nullopt;
    }
    // The platform answers chunk requests from `file`, in MQTT fragments of `fragment` bytes.
    void deliver(const ChunkRequest& r, const std::vector<uint8_t>& file, size_t fragment = SIZE_MAX) {
        std::string topic = "v2/fw/response/" + std::to_string(r.request_id) + "/chunk/" + std::to_string(r.index);
        size_t start = std::min<size_t>(static_cast<size_t>(r.index) * r.size, file.size());
        size_t len = std::min<size_t>(r.size, file.size() - start);
        fw::net::MqttMessage m;
        m.topic = topic;
        m.total_len = len;
        if (len == 0) {
            EXPECT_TRUE(agent->on_message(m));
            return;
        }
        for (size_t off = 0; off < len; off += fragment) {
            m.offset = off;
            m.data = std::span(file.data() + start + off, std::min(fragment, len - off));
            EXPECT_TRUE(agent->on_message(m));
        }
    }
    // Serves every request the device makes, up to `limit` of them.
    int serve(const std::vector<uint8_t>& file, size_t fragment = SIZE_MAX, int limit = INT_MAX) {
        int n = 0;
        while (n < limit) {
            auto r = next_request();
            if (!r) break;
            deliver(*r, file, fragment);
            ++n;
        }
        return n;
    }
};

}  // namespace ota_app
