#include "anchors.h"

#include <chrono>
#include <cstdio>
#include <regex>
#include <vector>

#include "firmware/net/mqtt/mqtt_codec.h"
#include "plain_tls.h"
#include "support/process.h"

namespace bench {
namespace {

namespace mqtt = fw::net::mqtt;
using Clock = std::chrono::steady_clock;

double us_since(Clock::time_point t0) { return std::chrono::duration<double, std::micro>(Clock::now() - t0).count(); }

template <class P>
std::vector<uint8_t> packet(const P& p, size_t size) {
    std::vector<uint8_t> out(size);
    auto r = mqtt::encode(p, out);
    if (!r) die("ceiling: cannot encode a packet");
    out.resize(*r);
    return out;
}

// One `openssl s_time` run: wall milliseconds per connection and how many it made.
std::pair<double, size_t> s_time_run(const Target& t, const Identity& id, int seconds, const char* mode) {
    const std::vector<std::string> argv = {"/usr/bin/openssl",
                                           "s_time",
                                           "-connect",
                                           t.host + ":" + std::to_string(t.port),
                                           "-CAfile",
                                           id.ca_file,
                                           "-cert",
                                           id.chain_file,
                                           "-key",
                                           id.key_file,
                                           mode,
                                           "-time",
                                           std::to_string(seconds)};
    std::string out;
    auto t0 = Clock::now();
    int rc = testsupport::run_command(argv, &out);
    double us = us_since(t0);
    std::smatch m;
    static const std::regex count(R"((\d+) connections in [0-9.]+s)");
    if (rc != 0 || !std::regex_search(out, m, count)) return {0, 0};
    size_t n = std::stoul(m[1].str());
    return {n > 0 ? us / 1000 / static_cast<double>(n) : 0, n};
}

}  // namespace

Samples plain_mbedtls_handshakes(const Target& t, const Identity& id, int n, bool resume) {
    PlainTls tls(t, id);
    if (resume) {
        tls.connect(false);
        tls.take_ticket();
        tls.close();
    }
    Samples s;
    for (int i = 0; i < n; ++i) {
        auto t0 = Clock::now();
        tls.connect(resume);
        s.us.push_back(us_since(t0));
        if (tls.resumed() != resume) die("plain mbedtls: resumed() is not what was asked");
        tls.close();
    }
    return s;
}

STime openssl_s_time(const Target& t, const Identity& id, int seconds) {
    STime st;
    std::tie(st.full_ms, st.full_n) = s_time_run(t, id, seconds, "-new");
    std::tie(st.resumed_ms, st.resumed_n) = s_time_run(t, id, seconds, "-reuse");
    return st;
}

Throughput broker_ceiling(const Target& t, const Identity& id, size_t payload, size_t count) {
    PlainTls tls(t, id);
    tls.connect(false);
    const std::string topic = id.topic();
    const std::vector<uint8_t> data(payload, 'x');
    const std::vector<uint8_t> connect = packet(mqtt::Connect{id.id, {}, {}, {}, 60, true}, 256);
    tls.write_all(connect.data(), connect.size());
    uint8_t connack[4];
    tls.read_exact(connack, sizeof connack);
    if (connack[0] != 0x20 || connack[3] != 0) die("ceiling: CONNECT refused");

    // Every message built before the clock starts: what is timed is the broker's intake.
    const mqtt::Publish one{topic, data, 0, 0, false, false};
    const std::vector<uint8_t> pub = packet(one, mqtt::encoded_size(one));
    std::vector<uint8_t> stream;
    stream.reserve(pub.size() * count);
    for (size_t i = 0; i < count; ++i) stream.insert(stream.end(), pub.begin(), pub.end());
    const std::string_view end = "end";
    const mqtt::Publish marker{topic, {reinterpret_cast<const uint8_t*>(end.data()), end.size()}, 1, 1, false, false};
    const std::vector<uint8_t> mark = packet(marker, mqtt::encoded_size(marker));
    constexpr size_t kRecord = 16384;

    auto t0 = Clock::now();
    for (size_t off = 0; off < stream.size(); off += kRecord)
        tls.write_all(stream.data() + off, std::min(kRecord, stream.size() - off));
    tls.write_all(mark.data(), mark.size());
    uint8_t puback[4];
    tls.read_exact(puback, sizeof puback);
    Throughput th;
    th.seconds = us_since(t0) / 1e6;
    if (puback[0] != 0x40 || puback[3] != 1) die("ceiling: no PUBACK for the marker");
    th.messages = count;
    th.payload_bytes = payload;
    tls.close();
    return th;
}

}  // namespace bench
