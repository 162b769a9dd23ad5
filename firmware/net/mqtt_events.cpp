#include "firmware/net/mqtt_events.h"

namespace fw::net {

const char* disconnect_cause_name(MqttDisconnectCause c) {
    switch (c) {
        case MqttDisconnectCause::Stopped: return "stopped";
        case MqttDisconnectCause::Link: return "link lost";
        case MqttDisconnectCause::ConnectTimeout: return "connect timeout";
        case MqttDisconnectCause::Refused: return "connection refused by broker";
        case MqttDisconnectCause::PingTimeout: return "keep-alive timeout";
        case MqttDisconnectCause::Protocol: return "protocol error";
    }
    return "?";
}

const char* disconnect_detail(const MqttDisconnect& d) {
    switch (d.cause) {
        case MqttDisconnectCause::Link: return link_error_name(d.link);
        case MqttDisconnectCause::Refused: return mqtt::connack_reason(d.connack);
        case MqttDisconnectCause::Protocol:
            return mqtt::codec_error_name(d.codec);
        default: return disconnect_cause_name(d.cause);
    }
}

}  // namespace fw::net
