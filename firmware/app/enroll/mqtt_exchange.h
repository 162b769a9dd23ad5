#pragma once
// Runs one EnrollStep over a connected MQTT session: subscribes to the step's answer topics,
// publishes the request once the broker granted them (answers are delivered only to live
// subscribers), and hands each message on those topics to the step until it is Done or Failed,
// or until no answer came within the timeout. The owner routes the session's on_message and
// on_subscribed callbacks here. `done` is called once, from the event loop (never from inside the
// session's callbacks, so it may stop the session or start another exchange), and the exchange
// may be destroyed from it; destroying the exchange first cancels it.
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "firmware/app/enroll/enroll_step.h"
#include "firmware/core/event_loop.h"
#include "firmware/net/mqtt/mqtt_session.h"

namespace fw::app {

class MqttExchange {
public:
    using Done = std::function<void(const StepOutcome&)>;

    MqttExchange(EventLoop& loop, net::MqttSession& session, EnrollStep& step, uint32_t timeout_ms, Done done);
    ~MqttExchange();
    MqttExchange(const MqttExchange&) = delete;
    MqttExchange& operator=(const MqttExchange&) = delete;

    // Subscribes; a failure to do so is reported through `done`.
    void begin();
    // True when the message was on one of the step's answer topics (and so is consumed here).
    bool on_message(const net::MqttMessage& m);
    void on_subscribed(uint16_t packet_id, std::span<const uint8_t> granted);
    bool finished() const { return finished_; }

private:
    void finish(const StepOutcome& o);

    EventLoop& loop_;
    net::MqttSession& session_;
    EnrollStep& step_;
    std::vector<std::string> filters_;  // the step's answer topics
    uint32_t timeout_ms_;
    Done done_;
    uint16_t sub_id_ = 0;
    bool requested_ = false;
    bool finished_ = false;
    EventLoop::TimerId timer_ = EventLoop::kNoTimer;  // the timeout, then the handing over of the outcome
};

}  // namespace fw::app
