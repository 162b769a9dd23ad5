#include "firmware/app/console_mqtt.h"

#include "firmware/core/log.h"
#include "firmware/net/mqtt/mqtt_topic.h"

namespace fw::app {
namespace {
constexpr const char* kTag = "device";
}

void ConsoleMqtt::publish(net::MqttSession* session, const char* state, const std::string& topic,
                          const std::string& payload) {
    if (session == nullptr) {
        FW_LOGW(kTag, "console publish: no MQTT session (state %s)", state);
        return;
    }
    auto r = session->publish(topic, payload, 1);
    if (r.ok())
        FW_LOGI(kTag, "console publish to %s queued (packet %u)", topic.c_str(), r.value());
    else
        FW_LOGE(kTag, "console publish to %s refused (%s)", topic.c_str(), name_of(r.err()));
}

void ConsoleMqtt::subscribe(net::MqttSession* session, const char* state, const std::string& filter) {
    if (session == nullptr || !session->connected()) {
        FW_LOGW(kTag, "console subscribe: not connected (state %s)", state);
        return;
    }
    auto r = session->subscribe(filter, 1);
    if (!r.ok()) {
        FW_LOGE(kTag, "console subscribe to %s refused (%s)", filter.c_str(), name_of(r.err()));
        return;
    }
    filters_.push_back(filter);
    FW_LOGI(kTag, "console subscribe to %s sent (packet %u)", filter.c_str(), r.value());
}

bool ConsoleMqtt::on_message(const net::MqttMessage& m) const {
    for (const auto& f : filters_) {
        if (net::mqtt::topic_matches(f, m.topic)) {
            FW_LOGI(kTag, "console subscription %s: message on %.*s (%zu bytes): %.*s", f.c_str(),
                    static_cast<int>(m.topic.size()), m.topic.data(), m.total_len, static_cast<int>(m.data.size()),
                    reinterpret_cast<const char*>(m.data.data()));
            return true;
        }
    }
    return false;
}

}  // namespace fw::app
