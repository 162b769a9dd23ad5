#include "firmware/app/ota/ota_agent.h"

#include <algorithm>

#include "firmware/app/ota/internal/ota_chunk_download.h"
#include "firmware/app/ota/internal/ota_https_download.h"
#include "firmware/app/ota/internal/ota_rollback.h"
#include "firmware/core/hex.h"
#include "firmware/core/log.h"
#include "firmware/storage/ota_confirm.h"

namespace fw::app {
namespace {

constexpr const char* kTag = "ota";

// 64 hex digits (lower-case, checked by the profile) to 32 bytes.
bool sha256_from_hex(const std::string& hex, uint8_t out[32]) {
    std::vector<uint8_t> bytes;
    if (hex.size() != 64 || !hex_decode(hex, bytes)) return false;
    std::copy(bytes.begin(), bytes.end(), out);
    return true;
}

}  // namespace

OtaAgentConfig ota_agent_config(const DeviceConfig& cfg) {
    OtaAgentConfig oc;
    oc.selftest_s = cfg.ota_selftest_s;
    oc.chunk = cfg.ota_chunk;
    oc.allow_unsigned = cfg.ota_unsigned_ok;
    return oc;
}

OtaAgent::OtaAgent(const hal::Hal& hal, EventLoop& loop, const BootInfo& boot, storage::KvStore* kv,
                   net::Transport& https, OtaAgentConfig cfg, OtaHooks hooks)
    : hal_(hal), loop_(loop), boot_(boot), store_(kv), https_(https), cfg_(cfg), hooks_(std::move(hooks)) {}

OtaAgent::~OtaAgent() { loop_.cancel(selftest_timer_); }

void OtaAgent::start() {
    warn_unsigned();
    auto state = storage::running_image_state(*hal_.flash, boot_.image_offset);
    if (state.ok() && state.value() == storage::OtaState::PendingVerify) {
        FW_LOGI(kTag, "new image %s on trial: it must be online within %u s or it is rolled back",
                boot_.desc.version.c_str(), static_cast<unsigned>(cfg_.selftest_s));
        selftest_timer_ = loop_.add_timer(cfg_.selftest_s * 1000, [this] { on_selftest_deadline(); });
    }
    BootReport r;
    r.pending = store_.load();
    auto rb = detect_rollback(*hal_.flash, boot_.image_offset);
    if (rb && store_.reported_rollback() != rb->seq) {
        std::string version = r.pending ? r.pending->version : rb->version;
        r.failure = "rolled back: version " + version + " did not pass its self-test";
        r.rollback_seq = rb->seq;
    } else if (r.pending && r.pending->version == boot_.desc.version) {
        r.updated = true;
    } else if (r.pending) {
        r.failure = "version " + r.pending->version + " did not start; still running " + boot_.desc.version;
    } else {
        return;
    }
    if (!r.failure.empty())
        FW_LOGE(kTag, "previous update: %s", r.failure.c_str());
    else
        FW_LOGI(kTag, "update from %s to %s complete", r.pending->from_version.c_str(), boot_.desc.version.c_str());
    boot_report_ = std::move(r);
}

void OtaAgent::warn_unsigned() {
    if (!cfg_.allow_unsigned) return;
    uint8_t key[32];
    if (hal_.efuse->key_digest(key))
        FW_LOGW(kTag,
                "config ota_unsigned_ok is set but has no effect: an update key is burned, updates must be "
                "signed with it");
    else
        FW_LOGW(kTag,
                "config ota_unsigned_ok is set and no update key is burned: ANY update is installed without "
                "a signature check (development only; burn a key with fwtool efuse burn-key)");
}

void OtaAgent::on_selftest_deadline() {
    selftest_timer_ = EventLoop::kNoTimer;
    FW_LOGE(kTag,
            "self-test failed: version %s was not online within %u s (last state %s); restarting so the "
            "bootloader rolls back to the previous image",
            boot_.desc.version.c_str(), static_cast<unsigned>(cfg_.selftest_s), last_note_.c_str());
    hooks_.restart("self-test deadline passed");
}

void OtaAgent::on_published() {
    if (confirmed_) return;
    confirmed_ = true;
    auto st = storage::running_image_state(*hal_.flash, boot_.image_offset);
    if (!st.ok() || st.value() != storage::OtaState::PendingVerify) return;
    if (Status s = storage::mark_valid(*hal_.flash, *hal_.efuse, boot_.image_offset); !s.ok()) {
        FW_LOGE(kTag, "could not mark this image valid (%s): it will roll back at the next reset", name_of(s.err()));
        return;
    }
    loop_.cancel(selftest_timer_);
    selftest_timer_ = EventLoop::kNoTimer;
    FW_LOGI(kTag, "self-test passed (connected and published): image %s marked valid", boot_.desc.version.c_str());
}

void OtaAgent::on_connected() {
    if (!boot_report_) return;
    BootReport r = std::move(*boot_report_);
    boot_report_.reset();
    bool answer_now = r.pending && !r.pending->answered;
    if (r.updated) {
        progress(OtaPhase::Updated, boot_.desc.version);
        if (answer_now) answer(r.pending->command(), CommandResult::success());
    } else if (answer_now) {
        answer(r.pending->command(), CommandResult::failure(r.failure));
    } else {
        progress(OtaPhase::Failed, r.pending ? r.pending->version : "", r.failure);
    }
    if (r.rollback_seq && !store_.set_reported_rollback(*r.rollback_seq).ok())
        FW_LOGW(kTag, "could not record the rollback as reported");
    if (r.pending && !store_.clear().ok()) FW_LOGW(kTag, "could not clear the pending update record");
}

bool OtaAgent::on_message(const net::MqttMessage& m) {
    if (download_) return download_->on_message(m);
    const Profile* profile = hooks_.profile();
    if (profile == nullptr || !profile->firmware().parse_fw_chunk_topic(m.topic)) return false;
    if (m.first())
        FW_LOGW(kTag, "firmware chunk on %.*s while no update runs: ignored", static_cast<int>(m.topic.size()),
                m.topic.data());
    return true;
}

void OtaAgent::progress(OtaPhase phase, const std::string& version, const std::string& reason) {
    FW_LOGI(kTag, "update %s: %s%s%s", version.c_str(), name_of(phase), reason.empty() ? "" : ": ", reason.c_str());
    const Profile* profile = hooks_.profile();
    if (profile == nullptr) return;
    for (const auto& p : profile->firmware().format_ota_progress({phase, version, reason})) hooks_.publish(p);
}

void OtaAgent::answer(const Command& cmd, const CommandResult& r) {
    const Profile* profile = hooks_.profile();
    if (profile == nullptr) return;
    for (const auto& p : profile->format_response(cmd, r)) hooks_.publish(p);
}

Result<std::unique_ptr<OtaDownload>, Error<Err>> OtaAgent::make_download(const Command& cmd, const Profile& profile) {
    OtaDownloadHooks h;
    h.write = [this](const uint8_t* d, size_t n) { return write(d, n); };
    h.done = [this](const DownloadStatus& transfer) { on_transfer_done(transfer); };
    std::unique_ptr<OtaDownload> d;
    if (cmd.ota.source == OtaSource::MqttChunks) {
        if (!profile.firmware().format_fw_chunk_request(0, 0, cfg_.chunk))
            return Error<Err>(Err::Unsupported, "this platform does not deliver firmware over MQTT");
        uint32_t request_id = 0;
        hal_.rng->fill(&request_id, sizeof request_id);
        request_id = request_id % 100000000 + 1;  // a new number per update, at most 8 digits
        d = std::make_unique<OtaChunkDownload>(loop_, hooks_.profile, hooks_.publish, request_id, cmd.ota.size,
                                               cfg_.chunk, std::move(h));
    } else {
        auto url = net::parse_https_url(cmd.ota.url);
        FW_TRY(url);
        d = std::make_unique<OtaHttpsDownload>(loop_, https_, std::move(url.value()), std::move(h),
                                               cfg_.http_idle_timeout_ms);
    }
    return d;
}

CommandResult OtaAgent::handle(const Command& cmd) {
    const OtaRequest& req = cmd.ota;
    if (busy_) return CommandResult::failure("an update to " + cmd_.ota.version + " is already in progress");
    const Profile* profile = hooks_.profile();
    if (profile == nullptr) return CommandResult::failure("not connected");
    if (req.version == boot_.desc.version) {
        FW_LOGI(kTag, "firmware %s is already running: update ignored", req.version.c_str());
        // ThingsBoard re-announces the current firmware after every change: nothing to say then.
        return req.source == OtaSource::MqttChunks ? CommandResult::later() : CommandResult::success();
    }
    if (req.source == OtaSource::MqttChunks && req.name != boot_.desc.project_name)
        return CommandResult::failure(std::string(storage::name_of(storage::OtaError::WrongProject)) + ": fw_title '" +
                                      req.name + "' (running '" + boot_.desc.project_name + "')");
    auto download = make_download(cmd, *profile);
    if (!download.ok()) return CommandResult::failure(download.err().reason);
    writer_ = std::make_unique<storage::OtaWriter>(
        *hal_.flash, *hal_.efuse, boot_.image_offset,
        cfg_.allow_unsigned ? storage::UnsignedUpdates::Allowed : storage::UnsignedUpdates::Refused);
    written_ = writer_->begin(req.size);
    if (!written_.ok()) return CommandResult::failure(written_.err().reason);
    busy_ = true;
    cmd_ = cmd;
    FW_LOGI(kTag, "update %s -> %s from %s", boot_.desc.version.c_str(), req.version.c_str(),
            req.source == OtaSource::MqttChunks ? "MQTT chunks" : req.url.c_str());
    progress(OtaPhase::Downloading, req.version);
    download_ = std::move(download.value());
    download_->start();
    return CommandResult::later();
}

bool OtaAgent::write(const uint8_t* data, size_t len) {
    written_ = writer_->write(data, len);
    return written_.ok();
}

void OtaAgent::on_transfer_done(const DownloadStatus& transfer) {
    if (!written_.ok()) {
        fail(written_.err().reason);
        return;
    }
    if (!transfer.ok()) {
        writer_->abort();
        fail(transfer.err().reason);
        return;
    }
    progress(OtaPhase::Downloaded, cmd_.ota.version);
    uint8_t sha[32];
    bool has_sha = sha256_from_hex(cmd_.ota.sha256_hex, sha);
    auto installed = writer_->end(has_sha ? sha : nullptr);
    if (!installed.ok()) {
        fail(installed.err().reason);
        return;
    }
    progress(OtaPhase::Verified, cmd_.ota.version);
    install();
}

void OtaAgent::install() {
    OtaPending p;
    p.version = cmd_.ota.version;
    p.from_version = boot_.desc.version;
    p.source = cmd_.ota.source;
    p.cmd_id = cmd_.id;
    p.reply_to = cmd_.reply_to;
    const Profile* profile = hooks_.profile();
    p.answered = profile != nullptr && !profile->firmware().answers_ota_after_restart();
    if (!store_.save(p).ok()) FW_LOGW(kTag, "could not record the update: the new image will not report it");
    if (p.answered) answer(cmd_, CommandResult::success());
    progress(OtaPhase::Updating, cmd_.ota.version);
    hooks_.restart("update installed");  // busy until then: no second update into the same slot
}

void OtaAgent::fail(const std::string& reason) {
    FW_LOGE(kTag, "update to %s failed: %s; %s keeps running", cmd_.ota.version.c_str(), reason.c_str(),
            boot_.desc.version.c_str());
    busy_ = false;
    answer(cmd_, CommandResult::failure(reason));
}

}  // namespace fw::app
