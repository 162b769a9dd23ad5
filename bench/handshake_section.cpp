#include <mbedtls/version.h>

#include <cstdio>
#include <tuple>

#include "anchors.h"
#include "fw_client.h"
#include "paho_client.h"
#include "sections.h"

namespace bench {
namespace {

struct Row {
    std::string key, client, what;
    Samples s;
};

}  // namespace

void handshake_section(Report& r, const Target& t, const Target& nagle, const Identity& ec, const Identity& rsa,
                       const Options& o) {
    const int n = o.connections;
    std::vector<Row> rows;
    std::string suite;
    uint32_t idle_timeouts = 0;
    auto progress = [](const char* what) { std::fprintf(stderr, "bench: handshakes: %s\n", what); };
    {
        FwClient fw(t, ec);
        progress("firmware EC");
        rows.push_back(
            {"fw_tls_full_ec", "firmware", "TLS full handshake, EC P-256 client cert", fw.tls_handshakes(n, false)});
        suite = fw.ciphersuite();
        rows.push_back(
            {"fw_tls_resumed_ec", "firmware", "TLS resumed handshake (cached session)", fw.tls_handshakes(n, true)});
        rows.push_back({"fw_mqtt_full_ec", "firmware", "MQTT connect, full TLS, EC P-256", fw.mqtt_connects(n, false)});
        rows.push_back(
            {"fw_mqtt_resumed_ec", "firmware", "MQTT connect, resumed TLS, EC P-256", fw.mqtt_connects(n, true)});
        idle_timeouts += fw.idle_timeouts();
    }
    {
        FwClient fw(nagle, ec);
        progress("firmware EC, broker with Nagle on");
        rows.push_back({"fw_mqtt_full_ec_nagle", "firmware", "MQTT connect, full TLS, EC P-256, broker with Nagle on",
                        fw.mqtt_connects(n, false)});
        idle_timeouts += fw.idle_timeouts();
    }
    {
        // TLS 1.3 resumption still runs an (EC)DHE exchange (the psk_dhe_ke mode; OpenSSL servers
        // refuse psk_ke without it); TLS 1.2 resumption skips all public-key work.
        FwClient fw(t, ec, FwClient::Sizing::Defaults, fw::net::TlsVersion::Tls12);
        progress("firmware EC, TLS 1.2");
        rows.push_back({"fw_tls12_full_ec", "firmware", "TLS 1.2 full handshake, EC P-256 client cert",
                        fw.tls_handshakes(n, false)});
        rows.push_back({"fw_tls12_resumed_ec", "firmware", "TLS 1.2 resumed handshake (cached session)",
                        fw.tls_handshakes(n, true)});
        idle_timeouts += fw.idle_timeouts();
    }
    {
        FwClient fw(t, rsa);
        progress("firmware RSA");
        rows.push_back(
            {"fw_tls_full_rsa", "firmware", "TLS full handshake, RSA-2048 client cert", fw.tls_handshakes(n, false)});
        rows.push_back(
            {"fw_mqtt_full_rsa", "firmware", "MQTT connect, full TLS, RSA-2048", fw.mqtt_connects(n, false)});
        idle_timeouts += fw.idle_timeouts();
    }
    progress("plain mbedtls loop");
    rows.push_back({"plain_tls_full_ec", "plain mbedtls", "TLS full handshake, EC P-256 (blocking loop)",
                    plain_mbedtls_handshakes(t, ec, n, false)});
    rows.push_back({"plain_tls_resumed_ec", "plain mbedtls", "TLS resumed handshake (blocking loop)",
                    plain_mbedtls_handshakes(t, ec, n, true)});
    progress("paho-mqtt-c");
    rows.push_back(
        {"paho_mqtt_full_ec", "paho-mqtt-c", "MQTT connect, full TLS, EC P-256", PahoClient(t, ec).connects(n)});
    rows.push_back(
        {"paho_mqtt_full_rsa", "paho-mqtt-c", "MQTT connect, full TLS, RSA-2048", PahoClient(t, rsa).connects(n)});
    progress("openssl s_time");
    const STime st = openssl_s_time(t, ec, n >= 40 ? 3 : 1);

    Table tab;
    tab.title = "Connection set-up (loopback, mutual TLS: 1.3 where the row does not say 1.2)";
    tab.columns = {"client", "what", "median ms", "p90 ms", "N"};
    auto& js = r.json()["handshake"];
    js["firmware_ciphersuite"] = suite;
    js["fw_idle_timeouts"] = idle_timeouts;
    auto find = [&](const std::string& key) -> const Samples& {
        for (const auto& row : rows)
            if (row.key == key) return row.s;
        die("no row " + key);
    };
    for (const auto& row : rows) {
        tab.rows.push_back({row.client, row.what, fixed(row.s.median() / 1000, 2), fixed(row.s.p90() / 1000, 2),
                            std::to_string(row.s.us.size())});
        js[row.key] = {{"median_ms", row.s.median() / 1000}, {"p90_ms", row.s.p90() / 1000}, {"n", row.s.us.size()}};
    }
    for (const auto& [key, what, ms, count] :
         {std::tuple{"openssl_s_time_full", "TLS full handshakes (s_time -new)", st.full_ms, st.full_n},
          std::tuple{"openssl_s_time_resumed", "TLS resumed handshakes (s_time -reuse)", st.resumed_ms,
                     st.resumed_n}}) {
        tab.rows.push_back({"openssl s_time", what, count > 0 ? fixed(ms, 2) : "failed", "-", std::to_string(count)});
        js[key] = {{"mean_ms", ms}, {"n", count}};
    }
    const double full = find("fw_tls_full_ec").median(), resumed = find("fw_tls_resumed_ec").median();
    const double paho_ec = find("paho_mqtt_full_ec").median(), fw_ec = find("fw_mqtt_full_ec").median();
    const double paho_rsa = find("paho_mqtt_full_rsa").median(), fw_rsa = find("fw_mqtt_full_rsa").median();
    const double full12 = find("fw_tls12_full_ec").median(), resumed12 = find("fw_tls12_resumed_ec").median();
    tab.rows.push_back({"**ratio**", "firmware TLS 1.3 full / resumed (EC, medians)", ratio(full, resumed), "", ""});
    tab.rows.push_back(
        {"**ratio**", "firmware TLS 1.2 full / resumed (EC, medians)", ratio(full12, resumed12), "", ""});
    tab.rows.push_back({"**ratio**", "MQTT connect paho / firmware (EC, medians)", ratio(paho_ec, fw_ec), "", ""});
    tab.rows.push_back({"**ratio**", "MQTT connect paho / firmware (RSA, medians)", ratio(paho_rsa, fw_rsa), "", ""});
    js["ratios"] = {{"fw_full_over_resumed", full / resumed},
                    {"fw_tls12_full_over_resumed", full12 / resumed12},
                    {"paho_over_fw_mqtt_connect_ec", paho_ec / fw_ec},
                    {"paho_over_fw_mqtt_connect_rsa", paho_rsa / fw_rsa}};
    tab.note =
        "Wall time per connection from the first call (TlsTransport::start_connect(), MqttSession::start(), "
        "MQTTAsync_connect()) to connected (poll_connect() Ok, on_connected, onSuccess); each is closed "
        "again before the next. Firmware: mbedtls " MBEDTLS_VERSION_STRING ", ciphersuite " +
        suite +
        ", credentials parsed once by configure(). paho-mqtt-c: a fresh MQTTAsync client per connection "
        "(it loads its PEM files and builds its OpenSSL context on every connect, and does not resume "
        "sessions), TLS 1.2 forced. Plain mbedtls and openssl s_time negotiate TLS 1.3. Ratios above 1 mean the "
        "firmware is faster; "
        "full/resumed is how much cheaper resumption is. The firmware's event loop waits up to " +
        std::to_string(FwClient::kLoopWaitMs) +
        " ms when nothing wakes it, as the device's does; sleeps "
        "that ran out: " +
        std::to_string(idle_timeouts) +
        ". The broker sets TCP_NODELAY (mosquitto's set_tcp_nodelay, as the project's rigs and the "
        "platforms' brokers do); \"broker with Nagle on\" is mosquitto's default, where the CONNACK "
        "that follows TLS 1.3's session tickets waits for the client's delayed ACK of them (about "
        "40 ms on Linux). Plain mbedtls: the same library and "
        "credentials in a blocking loop (TCP_NODELAY, library defaults), nothing of the firmware around "
        "it. openssl s_time: wall time of the whole run over its connection count (it runs for a "
        "budget of its own CPU time), with the bench device's certificate.";
    r.add(std::move(tab));
}

}  // namespace bench
