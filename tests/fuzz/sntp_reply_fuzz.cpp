// libFuzzer harness for SNTP replies: what any host on the path can send to the device's NTP
// socket. The codec alone, and the client on its event loop taking the same bytes as its server's
// answers (kiss codes, lies, stray datagrams, the floor, retries).
//
// Input: byte 0 steers the run, the rest is a sequence of datagrams, each a length byte then
// that many bytes (the last one takes what is left).
//   bit 0: the server echoes the request's nonce into each datagram's originate field (bytes 24-31),
//          so the checks behind the origin check are reached
//   bit 1: a second server, which never answers
// The codec alone also gets the rest whole, with its first 8 bytes as the nonce.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "fake_hal/fake_hal.h"
#include "fake_hal/fake_udp.h"
#include "firmware/core/event_loop.h"
#include "firmware/net/sntp/sntp_client.h"
#include "fuzz_support.h"

namespace {

using fake::Datagrams;
using namespace fw::net::sntp;

void codec_alone(const uint8_t* in, size_t n) {
    if (n < 8) return;
    NtpTimestamp nonce = 0;
    for (int i = 0; i < 8; ++i) nonce = (nonce << 8) | in[i];
    ReplyCheck c = check_reply({in + 8, n - 8}, nonce);
    fuzz::check(c.ok() == (c.error == ReplyError::None));
    fuzz::check((c.kiss != Kiss::None) == (c.error == ReplyError::KissOfDeath));
    if (c.ok()) {
        fuzz::check(c.reply.mode == 4 && c.reply.stratum >= 1 && c.reply.stratum <= 15 && c.reply.leap != 3);
        fuzz::check(c.reply.originate == nonce && c.reply.transmit != 0);
        fuzz::check(unix_ms_to_ntp(ntp_to_unix_ms(c.reply.transmit)) >> 32 == c.reply.transmit >> 32);
    }
}

std::vector<Datagrams::Bytes> split(const uint8_t* in, size_t n) {
    std::vector<Datagrams::Bytes> out;
    while (n > 0 && out.size() < 16) {
        size_t len = in[0] < n - 1 ? in[0] : n - 1;
        out.emplace_back(in + 1, in + 1 + len);
        in += 1 + len;
        n -= 1 + len;
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    fuzz::init_log();
    const uint8_t control = data[0];
    codec_alone(data + 1, size - 1);

    fake::ManualClock clock;
    clock.set_unix_base(0);
    fake::SeededRng rng(size);
    fake::DatagramNet net;
    fw::EventLoop loop(clock);
    const std::vector<Datagrams::Bytes> answers = split(data + 1, size - 1);
    hal::Endpoint at = Datagrams::ipv4(10, 0, 0, 1, 123);
    net.udp.add_host("ntp.test", at);
    net.udp.serve(at, [&](const Datagrams::Bytes& req) {
        std::vector<Datagrams::Bytes> out = answers;
        if (control & 1)
            for (auto& d : out)
                for (size_t i = 24; i < 32 && i < d.size() && req.size() >= 48; ++i) d[i] = req[i + 16];
        return out;
    });
    std::vector<fw::net::HostPort> servers{{"ntp.test", 123}};
    if (control & 2) {
        net.udp.add_host("quiet.test", Datagrams::ipv4(10, 0, 0, 2, 0));
        net.udp.serve(Datagrams::ipv4(10, 0, 0, 2, 123),
                      [](const Datagrams::Bytes&) { return std::vector<Datagrams::Bytes>{}; });
        servers.push_back({"quiet.test", 123});
    }
    SntpOptions opt;
    opt.floor_unix_ms = 1700000000000;
    int syncs = 0;
    SntpClient client(loop, net, rng, servers, opt, [&](const SntpSync& s) {
        ++syncs;
        fuzz::check(s.unix_ms >= opt.floor_unix_ms);
    });
    client.start();
    // A few rounds and a resynchronization, in simulated time.
    for (int i = 0; i < 40 && clock.now_ms() < 2 * 3600 * 1000; ++i) loop.run_once(10 * 60 * 1000);
    fuzz::check(syncs == 0 || clock.unix_ms() >= opt.floor_unix_ms);
    client.stop();
    fuzz::check(net.udp.open_sockets() == 0);
    return 0;
}
