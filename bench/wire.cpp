#include "wire.h"

#include <algorithm>

#include "firmware/app/platform/profile.h"

namespace bench {
namespace {

// A TLS 1.3 AEAD record (the device's default): 5-byte header, the inner content type byte,
// 16-byte tag.
constexpr size_t kTlsRecordOverhead = 5 + 1 + 16;
// PUBACK: fixed header, remaining length, packet id.
constexpr size_t kPubackBytes = 4;

size_t varint_len(size_t n) {
    size_t len = 1;
    while (n >= 128) {
        n /= 128;
        ++len;
    }
    return len;
}

// A PUBLISH packet's size: fixed header, topic, packet id at QoS > 0, payload.
size_t publish_packet(const fw::app::Publish& p) {
    size_t remaining = 2 + p.topic.size() + (p.qos > 0 ? 2 : 0) + p.payload.size();
    return 1 + varint_len(remaining) + remaining;
}

fw::app::DeviceConfig config_for(fw::app::ProfileKind kind) {
    fw::app::DeviceConfig cfg;
    cfg.profile = kind;
    cfg.device_id = "ESP32_A1B2C3";
    cfg.or_asset_id = "5xEjLPuNZ4y8dPXMiGMEY1";
    return cfg;
}

}  // namespace

void wire_efficiency(Report& report) {
    using fw::app::ProfileKind;
    const fw::app::TimedReading reading{1700000000123, hal::Reading{21.37f, 45.2f}};
    Table t;
    t.title = "Wire efficiency: bytes per telemetry reading";
    t.columns = {"profile",
                 "format",
                 "messages",
                 "QoS",
                 "payload B",
                 "MQTT PUBLISH B",
                 "TLS records B (device->broker)",
                 "PUBACK in TLS (broker->device)",
                 "total B"};
    t.note =
        "One reading (21.37 C, 45.2 %RH, with timestamp) through the profile's format_live(), device id "
        "ESP32_A1B2C3. Assumes one PUBLISH per TLS record and TLS 1.3 with an AEAD cipher: +" +
        std::to_string(kTlsRecordOverhead) +
        " B per record (5 header + 1 inner content type + 16 tag; TLS 1.2's AES-GCM adds 7 B more for its "
        "explicit nonce); a QoS 1 PUBLISH draws a PUBACK (4 B + one record). TCP/IP headers (40 B per segment for "
        "IPv4) are not counted.";
    auto& js = report.json()["wire"];
    for (ProfileKind kind :
         {ProfileKind::Generic, ProfileKind::ThingsBoard, ProfileKind::Cumulocity, ProfileKind::OpenRemote}) {
        auto profile = fw::app::make_profile(config_for(kind), 16184);
        if (!profile.ok()) continue;
        auto msgs = profile.value()->format_live(reading);
        if (!msgs.ok()) continue;
        size_t payload = 0, mqtt = 0, tls = 0, ack = 0;
        uint8_t qos = 0;
        for (const auto& p : msgs.value()) {
            payload += p.payload.size();
            mqtt += publish_packet(p);
            tls += publish_packet(p) + kTlsRecordOverhead;
            if (p.qos > 0) ack += kPubackBytes + kTlsRecordOverhead;
            qos = std::max(qos, p.qos);
        }
        const std::string name = fw::app::name_of(kind);
        const char* format = kind == ProfileKind::Cumulocity ? "SmartREST CSV" : "JSON";
        t.rows.push_back({name, format, std::to_string(msgs.value().size()), std::to_string(qos),
                          std::to_string(payload), std::to_string(mqtt), std::to_string(tls), std::to_string(ack),
                          std::to_string(tls + ack)});
        js[name] = {{"format", format},
                    {"messages", msgs.value().size()},
                    {"qos", qos},
                    {"payload_bytes", payload},
                    {"mqtt_bytes", mqtt},
                    {"tls_bytes", tls},
                    {"ack_bytes", ack},
                    {"total_bytes", tls + ack},
                    {"example_payload", msgs.value().front().payload}};
    }
    report.add(std::move(t));
}

}  // namespace bench
