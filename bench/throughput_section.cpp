#include <cstdio>
#include <fstream>

#include "anchors.h"
#include "fw_client.h"
#include "paho_client.h"
#include "sections.h"

namespace bench {
namespace {

struct Case {
    int qos;
    size_t payload;
    size_t count;
};

// The ceiling client is far faster than the others: more messages keep its run long enough to time.
constexpr size_t kCeilingFactor = 4;

// Bounded so the whole section takes about a minute on a loaded 2-core machine.
std::vector<Case> cases(size_t scale_down) {
    std::vector<Case> out;
    for (int qos : {0, 1, 2})
        for (size_t payload : {size_t{64}, size_t{256}, size_t{4096}}) {
            size_t count = qos == 0 ? 20000 : 5000;
            if (payload == 4096) count = qos == 0 ? 5000 : 2000;
            out.push_back({qos, payload, count / scale_down});
        }
    return out;
}

}  // namespace

void throughput_section(Report& r, const Target& t, const Identity& ec, const Options& o) {
    Table tab;
    tab.title = "Publish throughput over TLS";
    tab.columns = {"QoS",        "payload B", "messages",        "firmware msg/s", "firmware MB/s",
                   "paho msg/s", "paho MB/s", "firmware / paho", "ceiling msg/s",  "firmware / ceiling"};
    auto& js = r.json()["throughput"];
    FwClient fw(t, ec);
    PahoClient paho(t, ec);
    for (const Case& c : cases(o.scale_down)) {
        std::fprintf(stderr, "bench: throughput: QoS %d, %zu B x %zu\n", c.qos, c.payload, c.count);
        Throughput f = fw.publish(static_cast<uint8_t>(c.qos), c.payload, c.count);
        fw.disconnect();  // one client connected at a time: the two never share the broker
        Throughput p = paho.publish(c.qos, c.payload, c.count);
        paho.disconnect();
        // The broker's intake ceiling is a QoS 0 figure: an ideal client waits for no ack.
        Throughput ceil;
        if (c.qos == 0) ceil = broker_ceiling(t, ec, c.payload, c.count * kCeilingFactor);
        tab.rows.push_back({std::to_string(c.qos), std::to_string(c.payload), std::to_string(c.count),
                            fixed(f.msgs_per_s(), 0), fixed(f.mb_per_s(), 2), fixed(p.msgs_per_s(), 0),
                            fixed(p.mb_per_s(), 2), ratio(f.msgs_per_s(), p.msgs_per_s()),
                            c.qos == 0 ? fixed(ceil.msgs_per_s(), 0) : "-",
                            c.qos == 0 ? ratio(f.msgs_per_s(), ceil.msgs_per_s()) : "-"});
        js.push_back({{"qos", c.qos},
                      {"ceiling_msgs_per_s", ceil.msgs_per_s()},
                      {"payload_bytes", c.payload},
                      {"messages", c.count},
                      {"firmware_msgs_per_s", f.msgs_per_s()},
                      {"firmware_mb_per_s", f.mb_per_s()},
                      {"paho_msgs_per_s", p.msgs_per_s()},
                      {"paho_mb_per_s", p.mb_per_s()},
                      {"firmware_over_paho", p.msgs_per_s() > 0 ? f.msgs_per_s() / p.msgs_per_s() : 0}});
    }
    r.json()["throughput_fw_idle_timeouts"] = fw.idle_timeouts();
    tab.note =
        "Same device identity (EC P-256), same broker, one client at a time, clean session, a fresh "
        "connection per row (connect time not counted). Timed from the first publish to the last ack: "
        "QoS 1/2 count only messages acknowledged by PUBACK/PUBCOMP (on_published, onSuccess); QoS 0 ends "
        "with a QoS 1 marker whose PUBACK shows the broker read everything before it. Firmware: default "
        "MqttConfig (16 in flight, 64 KiB outbox; QoS 0 published only while the outbox has room, so "
        "none is evicted). paho-mqtt-c: at most 16 QoS 1/2 messages unacknowledged (kept by the bench: with "
        "maxInflight 16 paho stalls about 1 s each time the limit is reached), at most " +
        std::to_string(PahoClient::kWindow) +
        " QoS 0 messages handed over and not yet written. The "
        "firmware's event loop waits up to " +
        std::to_string(FwClient::kLoopWaitMs) +
        " ms when nothing wakes "
        "it, as the device's does. MB/s = payload bytes "
        "(10^6) per second. Ratios above 1 mean the firmware is faster. Ceiling: the broker's intake, an ideal "
        "client (plain mbedtls, no firmware) writing pre-built QoS 0 PUBLISH packets in 16 KiB TLS records, "
        "then a QoS 1 marker; " +
        std::to_string(kCeilingFactor) + "x the row's message count.";
    r.add(std::move(tab));
}

}  // namespace bench
