#include "firmware/app/ota/internal/ota_https_download.h"

#include "firmware/core/log.h"

namespace fw::app {
namespace {

constexpr const char* kTag = "ota";

}  // namespace

OtaHttpsDownload::OtaHttpsDownload(EventLoop& loop, net::Transport& transport, net::HttpsUrl url,
                                   OtaDownloadHooks hooks, uint32_t idle_timeout_ms)
    : loop_(loop),
      get_(loop, transport),
      url_(std::move(url)),
      hooks_(std::move(hooks)),
      idle_timeout_ms_(idle_timeout_ms) {}

OtaHttpsDownload::~OtaHttpsDownload() { loop_.cancel(retry_timer_); }

void OtaHttpsDownload::start() { attempt(); }

void OtaHttpsDownload::attempt() {
    retry_timer_ = EventLoop::kNoTimer;
    net::HttpGetRequest req{url_, have_, idle_timeout_ms_};
    auto body = [this](const uint8_t* d, size_t n) {
        if (!hooks_.write(d, n)) return false;
        have_ += n;
        return true;
    };
    // Not busy here: the previous request has ended, so start() cannot refuse.
    (void)get_.start(req, body, [this](const net::HttpResult& r) { on_done(r); });
}

void OtaHttpsDownload::on_done(const net::HttpResult& r) {
    switch (r.outcome) {
        case net::HttpOutcome::Complete:
            FW_LOGI(kTag, "download complete: %llu bytes", static_cast<unsigned long long>(have_));
            hooks_.done({});
            return;
        case net::HttpOutcome::Stopped: hooks_.done({}); return;
        case net::HttpOutcome::HttpStatus: hooks_.done(Error<Err>(Err::Refused, r.detail)); return;
        case net::HttpOutcome::Protocol:
            hooks_.done(Error<Err>(Err::Protocol, "bad HTTP response: " + r.detail));
            return;
        case net::HttpOutcome::ConnectFailed:
        case net::HttpOutcome::Dropped:
        case net::HttpOutcome::Timeout: break;
    }
    failures_ = r.delivered > 0 ? 1 : failures_ + 1;
    if (failures_ >= kMaxAttempts) {
        hooks_.done(
            Error<Err>(Err::Io, "download failed after " + std::to_string(kMaxAttempts) + " attempts: " + r.detail));
        return;
    }
    uint32_t delay = kFirstBackoffMs << (failures_ - 1);
    FW_LOGW(kTag, "download interrupted at byte %llu (%s): resuming in %u ms", static_cast<unsigned long long>(have_),
            r.detail.c_str(), static_cast<unsigned>(delay));
    retry_timer_ = loop_.add_timer(delay, [this] { attempt(); });
}

}  // namespace fw::app
