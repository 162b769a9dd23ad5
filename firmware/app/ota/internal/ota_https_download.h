#pragma once
// The image from an https:// URL over the device's TLS identity (same CA as the broker, device
// certificate, host name checked). A connection that drops, stalls or cannot be made is retried
// from the bytes written so far (Range: bytes=N-), after 1 s, 2 s, ..: kMaxAttempts attempts in
// a row without a new byte fail the download. HTTP errors and malformed responses fail at once.
#include <cstdint>
#include <string>

#include "firmware/app/ota/ota_download.h"
#include "firmware/core/event_loop.h"
#include "firmware/net/http/http_client.h"

namespace fw::app {

class OtaHttpsDownload final : public OtaDownload {
public:
    static constexpr int kMaxAttempts = 3;
    static constexpr uint32_t kFirstBackoffMs = 1000;

    OtaHttpsDownload(EventLoop& loop, net::Transport& transport, net::HttpsUrl url, OtaDownloadHooks hooks,
                     uint32_t idle_timeout_ms = 15000);
    ~OtaHttpsDownload() override;

    void start() override;
    uint64_t bytes() const { return have_; }

private:
    void attempt();
    void on_done(const net::HttpResult& r);

    EventLoop& loop_;
    net::HttpGet get_;
    net::HttpsUrl url_;
    OtaDownloadHooks hooks_;
    uint32_t idle_timeout_ms_;
    uint64_t have_ = 0;
    int failures_ = 0;  // attempts in a row that brought no new byte
    EventLoop::TimerId retry_timer_ = EventLoop::kNoTimer;
};

}  // namespace fw::app
