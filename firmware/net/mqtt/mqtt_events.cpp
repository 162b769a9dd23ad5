#include "firmware/net/mqtt/mqtt_events.h"

#include "firmware/core/enum_names.h"

namespace fw::net {

constexpr fw::EnumName<MqttDisconnectCause> kDisconnectCauseNames[] = {
    {MqttDisconnectCause::Stopped, "stopped"},
    {MqttDisconnectCause::Link, "link lost"},
    {MqttDisconnectCause::ConnectTimeout, "connect timeout"},
    {MqttDisconnectCause::Refused, "connection refused by broker"},
    {MqttDisconnectCause::PingTimeout, "keep-alive timeout"},
    {MqttDisconnectCause::Protocol, "protocol error"},
};

const char* name_of(MqttDisconnectCause c) { return fw::name_in(kDisconnectCauseNames, c); }

const char* disconnect_detail(const MqttDisconnect& d) {
    switch (d.cause) {
        case MqttDisconnectCause::Link: return name_of(d.link);
        case MqttDisconnectCause::Refused: return mqtt::name_of(d.connack);
        case MqttDisconnectCause::Protocol: return mqtt::name_of(d.codec);
        default: return name_of(d.cause);
    }
}

}  // namespace fw::net
