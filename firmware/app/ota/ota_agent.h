#pragma once
// Over-the-air updates on the device: takes an ota command (a URL, or ThingsBoard's fw_*
// attributes), streams the image into the inactive slot through storage::OtaWriter as it
// arrives, reports progress and the outcome through the profile, and restarts into the new
// image once OtaWriter::end() has verified and selected it. Across the restart it keeps what the
// next image must report (ota_pending.h), and at boot:
// - a PENDING_VERIFY image must be online (connected and a publish acknowledged) within
//   `selftest_s`, else it logs why and restarts, and the bootloader rolls it back;
// - the image that runs reports UPDATED (and answers the command, Cumulocity's 503), or, when it
//   is the old one again, "rolled back: version X did not pass its self-test".
// A refused or failed update leaves the running image the boot choice and says why. Updates
// must be signed with the key burned in the eFuse; without one they are refused, unless the
// development switch allow_unsigned is on (start() then warns, at every boot).
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "firmware/app/identity/banner.h"
#include "firmware/app/ota/ota_download.h"
#include "firmware/app/ota/ota_pending.h"
#include "firmware/app/platform/command.h"
#include "firmware/app/platform/device_config.h"
#include "firmware/app/platform/profile.h"
#include "firmware/core/event_loop.h"
#include "firmware/net/transport.h"
#include "firmware/storage/kv_store.h"
#include "firmware/storage/ota_writer.h"
#include "hal/hal.h"

namespace fw::app {

struct OtaAgentConfig {
    uint32_t selftest_s = 300;    // config/ota_selftest_s
    uint32_t chunk = 4096;        // config/ota_chunk
    bool allow_unsigned = false;  // config/ota_unsigned_ok: development only, warned at every boot
    uint32_t http_idle_timeout_ms = 15000;
};

// The agent's settings from the device's configuration (config/ota_*).
OtaAgentConfig ota_agent_config(const DeviceConfig& cfg);

struct OtaHooks {
    std::function<bool(const Publish&)> publish;   // false: not queued
    std::function<void(const char* why)> restart;  // restarts soon, after queued messages left
    CurrentProfile profile;                        // what progress and answers are formatted with
};

class OtaAgent {
public:
    // `kv` may be null (nothing survives the restart then); `https` carries URL downloads.
    OtaAgent(const hal::Hal& hal, EventLoop& loop, const BootInfo& boot, storage::KvStore* kv, net::Transport& https,
             OtaAgentConfig cfg, OtaHooks hooks);
    ~OtaAgent();
    OtaAgent(const OtaAgent&) = delete;
    OtaAgent& operator=(const OtaAgent&) = delete;

    // At boot: warns when unsigned updates are allowed, arms the self-test deadline and works out
    // what to report once connected.
    void start();
    // After every connect (startup messages sent): reports the previous update's outcome once.
    void on_connected();
    // Firmware chunks; true when the message was one (consumed, also when stale).
    bool on_message(const net::MqttMessage& m);
    // An ota command: a failure at once, or deferred (answered when the outcome is known).
    CommandResult handle(const Command& cmd);
    // A publish was acknowledged: the self-test passed; a PENDING_VERIFY image is marked valid.
    void on_published();
    // The device's latest state change, for the self-test failure's log line.
    void note(std::string why) { last_note_ = std::move(why); }

    bool busy() const { return busy_; }

private:
    struct BootReport {
        std::optional<OtaPending> pending;
        bool updated = false;
        std::string failure;
        std::optional<uint32_t> rollback_seq;
    };

    void warn_unsigned();
    void on_selftest_deadline();
    bool write(const uint8_t* data, size_t len);
    void on_transfer_done(const DownloadStatus& transfer);
    void install();
    void fail(const std::string& reason);
    // `reason` only with OtaPhase::Failed.
    void progress(OtaPhase phase, const std::string& version, const std::string& reason = "");
    void answer(const Command& cmd, const CommandResult& r);
    Result<std::unique_ptr<OtaDownload>, Error<Err>> make_download(const Command& cmd, const Profile& profile);

    const hal::Hal& hal_;
    EventLoop& loop_;
    const BootInfo& boot_;
    OtaPendingStore store_;
    net::Transport& https_;
    OtaAgentConfig cfg_;
    OtaHooks hooks_;
    EventLoop::TimerId selftest_timer_ = EventLoop::kNoTimer;
    bool confirmed_ = false;
    std::string last_note_ = "not started";
    std::optional<BootReport> boot_report_;

    bool busy_ = false;
    Command cmd_;
    std::unique_ptr<storage::OtaWriter> writer_;
    storage::OtaStatus written_;  // the writer's answer to the latest bytes: a refusal ends the update
    std::unique_ptr<OtaDownload> download_;
};

}  // namespace fw::app
