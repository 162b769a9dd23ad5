#include "firmware/app/enroll/mqtt_exchange.h"

#include "firmware/core/log.h"
#include "firmware/net/mqtt/mqtt_topic.h"

namespace fw::app {
namespace {
constexpr const char* kTag = "enroll";
}

MqttExchange::MqttExchange(EventLoop& loop, net::MqttSession& session, EnrollStep& step, uint32_t timeout_ms, Done done)
    : loop_(loop),
      session_(session),
      step_(step),
      filters_(step.answer_filters()),
      timeout_ms_(timeout_ms),
      done_(std::move(done)) {}

MqttExchange::~MqttExchange() { loop_.cancel(timer_); }

void MqttExchange::begin() {
    std::vector<net::mqtt::TopicFilter> subs;
    for (const auto& f : filters_) subs.push_back({f, 1});
    auto r = session_.subscribe(subs);
    if (!r.ok()) {
        finish(StepOutcome::failed(std::string("cannot subscribe to the answer topics (") + name_of(r.err()) + ")"));
        return;
    }
    sub_id_ = r.value();
    timer_ = loop_.add_timer(timeout_ms_, [this] {
        timer_ = EventLoop::kNoTimer;
        finish(StepOutcome::failed("no answer within " + std::to_string(timeout_ms_ / 1000) + " s"));
    });
}

void MqttExchange::on_subscribed(uint16_t packet_id, std::span<const uint8_t> granted) {
    if (finished_ || requested_ || packet_id != sub_id_) return;
    for (uint8_t g : granted) {
        if (g == net::mqtt::kSubackFailure) {
            finish(StepOutcome::failed("the broker refused the subscription to the answer topics"));
            return;
        }
    }
    Publish p = step_.request();
    auto r = session_.publish(p.topic, p.payload, p.qos, p.retain);
    if (!r.ok()) {
        finish(StepOutcome::failed(std::string("request not sent (") + name_of(r.err()) + ")"));
        return;
    }
    requested_ = true;
    FW_LOGI(kTag, "%s: request sent on %s (%zu bytes)", step_.name(), p.topic.c_str(), p.payload.size());
}

bool MqttExchange::on_message(const net::MqttMessage& m) {
    bool ours = false;
    for (const auto& f : filters_) ours = ours || net::mqtt::topic_matches(f, m.topic);
    if (!ours) return false;
    if (finished_ || !requested_) return true;  // a late or early answer: not for this request
    if (!m.first() || !m.last()) {
        if (m.first()) FW_LOGW(kTag, "%s: answer of %zu bytes is too large: ignored", step_.name(), m.total_len);
        return true;
    }
    std::string_view payload(reinterpret_cast<const char*>(m.data.data()), m.data.size());
    StepOutcome o = step_.on_answer(m.topic, payload);
    if (o.kind == StepOutcome::Kind::NotForUs) {
        FW_LOGD(kTag, "%s: an answer for another device, ignored", step_.name());
        return true;
    }
    finish(o);
    return true;
}

void MqttExchange::finish(const StepOutcome& o) {
    if (finished_) return;
    finished_ = true;
    loop_.cancel(timer_);
    timer_ = loop_.add_timer(0, [this, o] {
        timer_ = EventLoop::kNoTimer;
        Done done = std::move(done_);  // the callback may destroy this exchange
        done(o);
    });
}

}  // namespace fw::app
