#include "firmware/app/ota/internal/ota_chunk_download.h"

#include <algorithm>

#include "firmware/core/log.h"

namespace fw::app {
namespace {

constexpr const char* kTag = "ota";

}  // namespace

OtaChunkDownload::OtaChunkDownload(EventLoop& loop, CurrentProfile profile, PublishFn publish, uint32_t request_id,
                                   uint32_t size, uint32_t chunk, OtaDownloadHooks hooks)
    : loop_(loop),
      profile_(std::move(profile)),
      publish_(std::move(publish)),
      request_id_(request_id),
      size_(size),
      chunk_(chunk),
      hooks_(std::move(hooks)) {}

OtaChunkDownload::~OtaChunkDownload() { loop_.cancel(timer_); }

uint32_t OtaChunkDownload::chunk_len(uint32_t index) const {
    uint64_t start = static_cast<uint64_t>(index) * chunk_;
    return start >= size_ ? 0 : static_cast<uint32_t>(std::min<uint64_t>(chunk_, size_ - start));
}

void OtaChunkDownload::start() {
    FW_LOGI(kTag, "downloading %u bytes over MQTT in chunks of %u (request %u)", static_cast<unsigned>(size_),
            static_cast<unsigned>(chunk_), static_cast<unsigned>(request_id_));
    request();
}

void OtaChunkDownload::request() {
    loop_.cancel(timer_);
    const Profile* profile = profile_();
    auto p =
        profile != nullptr ? profile->firmware().format_fw_chunk_request(request_id_, index_, chunk_) : std::nullopt;
    // A refused publish (outbox full), or one without a profile, is retried like an unanswered one.
    if (p && !publish_(*p)) FW_LOGW(kTag, "chunk %u request not queued", static_cast<unsigned>(index_));
    timer_ = loop_.add_timer(kChunkTimeoutMs, [this] { on_timeout(); });
}

void OtaChunkDownload::on_timeout() {
    timer_ = EventLoop::kNoTimer;
    if (retries_ >= kMaxRetries) {
        finish(Error<Err>(Err::Timeout, "chunk " + std::to_string(index_) + " timed out"));
        return;
    }
    ++retries_;
    FW_LOGW(kTag, "chunk %u not answered within %u ms: asking again (%u of %u)", static_cast<unsigned>(index_),
            static_cast<unsigned>(kChunkTimeoutMs), static_cast<unsigned>(retries_),
            static_cast<unsigned>(kMaxRetries));
    request();
}

void OtaChunkDownload::finish(const DownloadStatus& outcome) {
    loop_.cancel(timer_);
    timer_ = EventLoop::kNoTimer;
    finished_ = true;
    hooks_.done(outcome);
}

bool OtaChunkDownload::on_message(const net::MqttMessage& m) {
    const Profile* profile = profile_();
    auto id = profile != nullptr ? profile->firmware().parse_fw_chunk_topic(m.topic) : std::nullopt;
    if (!id) return false;
    if (finished_ || id->request_id != request_id_ || id->index != index_) {
        if (m.first())
            FW_LOGD(kTag, "stale firmware chunk %.*s ignored", static_cast<int>(m.topic.size()), m.topic.data());
        return true;
    }
    uint32_t want = chunk_len(index_);
    if (m.total_len == 0) {
        finish(Error<Err>(Err::Protocol, "truncated: chunk " + std::to_string(index_) + " was empty after " +
                                             std::to_string(received_) + " of " + std::to_string(size_) + " bytes"));
        return true;
    }
    if (m.total_len != want) {
        finish(Error<Err>(Err::Protocol, "chunk " + std::to_string(index_) + " has " + std::to_string(m.total_len) +
                                             " bytes, expected " + std::to_string(want)));
        return true;
    }
    // Fragments of a re-sent chunk start over at offset 0: write only what is new.
    size_t have = received_ - index_ * chunk_;
    size_t end = m.offset + m.data.size();
    if (m.offset <= have && end > have) {
        size_t skip = have - m.offset;
        if (!hooks_.write(m.data.data() + skip, m.data.size() - skip)) {
            finish({});
            return true;
        }
        received_ += static_cast<uint32_t>(m.data.size() - skip);
    }
    if (!m.last() || received_ != index_ * chunk_ + want) return true;
    if (received_ == size_) {
        finish({});
        return true;
    }
    ++index_;
    retries_ = 0;
    request();
    return true;
}

}  // namespace fw::app
