#pragma once
// ThingsBoard's firmware download over MQTT: request chunk n (n = 0, 1, ..) of `chunk` bytes,
// one outstanding at a time, and stream the response into the writer as its fragments arrive
// (a 16 KiB chunk is never held whole). A chunk not answered within kChunkTimeoutMs is asked for
// again, kMaxRetries times; a re-sent chunk's bytes already written are skipped. The download
// ends after `size` bytes; an empty chunk before that means the server has no more (truncated).
#include <cstdint>
#include <functional>

#include "firmware/app/ota/ota_download.h"
#include "firmware/app/platform/profile.h"
#include "firmware/core/event_loop.h"

namespace fw::app {

class OtaChunkDownload final : public OtaDownload {
public:
    static constexpr uint32_t kChunkTimeoutMs = 10000;
    static constexpr uint32_t kMaxRetries = 5;

    using PublishFn = std::function<bool(const Publish&)>;

    OtaChunkDownload(EventLoop& loop, CurrentProfile profile, PublishFn publish, uint32_t request_id, uint32_t size,
                     uint32_t chunk, OtaDownloadHooks hooks);
    ~OtaChunkDownload() override;

    void start() override;
    bool on_message(const net::MqttMessage& m) override;

private:
    uint32_t chunk_len(uint32_t index) const;
    void request();
    void on_timeout();
    void finish(const DownloadStatus& outcome);

    EventLoop& loop_;
    CurrentProfile profile_;
    PublishFn publish_;
    uint32_t request_id_, size_, chunk_;
    OtaDownloadHooks hooks_;
    uint32_t index_ = 0;
    uint32_t received_ = 0;  // bytes written so far (all chunks)
    uint32_t retries_ = 0;
    EventLoop::TimerId timer_ = EventLoop::kNoTimer;
    bool finished_ = false;
};

}  // namespace fw::app
