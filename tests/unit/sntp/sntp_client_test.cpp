// The SNTP client on the event loop with a manual clock, against in-memory servers that answer,
// lie or stay silent: retries, backoff, kiss-o'-death, several servers, the build-time floor.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "fake_hal/fake_hal.h"
#include "fake_hal/fake_ntp.h"
#include "fake_hal/fake_udp.h"
#include "firmware/core/event_loop.h"
#include "firmware/core/log.h"
#include "firmware/net/sntp/sntp_client.h"

namespace {

using fake::Datagrams;
using fake::NtpServerScript;
using fw::net::HostPort;
using fw::net::sntp::SntpClient;
using fw::net::sntp::SntpOptions;
using fw::net::sntp::SntpSync;

constexpr int64_t kServerTime = 1796596702408;  // 2026-12-06T22:38:22.408Z

class SntpClientTest : public ::testing::Test {
protected:
    void SetUp() override {
        fw::log::init(log, clock);
        fw::log::set_level(fw::log::Level::Debug);
        clock.set_unix_base(0);  // unset, as after power-on
    }

    // A server named `name` at 10.0.0.N:123 playing a script.
    std::shared_ptr<NtpServerScript> server(const std::string& name, uint8_t n) {
        auto s = std::make_shared<NtpServerScript>();
        s->unix_ms = kServerTime;
        hal::Endpoint at = Datagrams::ipv4(10, 0, 0, n, 123);
        net.udp.add_host(name, at);
        net.udp.serve(at, fake::ntp_server(s));
        return s;
    }

    void start(std::vector<std::string> names, SntpOptions o = {}) {
        std::vector<HostPort> servers;
        for (auto& n : names) servers.push_back(HostPort{n, 123});
        client = std::make_unique<SntpClient>(loop, net, rng, servers, o, [this](const SntpSync& s) {
            syncs.push_back(s);
            synced_at_ms = clock.now_ms();
            unix_at_sync = clock.unix_ms();
        });
        client->start();
    }

    // In 1 ms steps: the manual clock does not wake the loop when a datagram arrives, so a longer
    // sleep would count as round-trip time.
    template <class F>
    bool run_until(F done, uint64_t limit_ms) {
        uint64_t end = clock.now_ms() + limit_ms;
        while (!done()) {
            if (clock.now_ms() >= end) return false;
            loop.run_once(1);
        }
        return true;
    }
    void run_for(uint64_t ms) {
        uint64_t end = clock.now_ms() + ms;
        while (clock.now_ms() < end) loop.run_once(static_cast<uint32_t>(end - clock.now_ms()));
    }
    bool synced() const { return !syncs.empty(); }

    fake::ManualClock clock;
    fake::SeededRng rng;
    fake::RecordingLog log;
    fake::DatagramNet net;
    fw::EventLoop loop{clock};
    std::unique_ptr<SntpClient> client;
    std::vector<SntpSync> syncs;
    uint64_t synced_at_ms = 0;  // of the last synchronization
    int64_t unix_at_sync = 0;
};

TEST_F(SntpClientTest, SetsTheUnsetClockFromTheServer) {
    auto s = server("ntp1.test", 1);
    start({"ntp1.test"});
    ASSERT_TRUE(run_until([&] { return synced(); }, 100));
    EXPECT_EQ(unix_at_sync, kServerTime);
    EXPECT_EQ(syncs[0].unix_ms, kServerTime);
    EXPECT_EQ(clock.unix_ms() - static_cast<int64_t>(clock.now_ms() - synced_at_ms), kServerTime) << "and runs on";
    EXPECT_EQ(client->source(), "ntp1.test:123");
    EXPECT_EQ(syncs[0].stratum, 2);
    EXPECT_EQ(syncs[0].step_ms, 0);
    EXPECT_EQ(s->answered, 1);
    EXPECT_EQ(net.udp.open_sockets(), 0u) << "the query's socket is closed once answered";
    EXPECT_TRUE(log.contains("clock set from ntp1.test:123: 2026-12-06 22:38:22Z (stratum 2"));
}

TEST_F(SntpClientTest, SilentServerTimesOutAndTheNextOneAnswers) {
    auto quiet = server("quiet.test", 1);
    quiet->silent = true;
    server("ntp2.test", 2);
    start({"quiet.test", "ntp2.test"});
    ASSERT_TRUE(run_until([&] { return synced(); }, 10000));
    EXPECT_GE(synced_at_ms, 3000u) << "after the first server's answer timeout";
    EXPECT_LE(synced_at_ms, 3001u);
    EXPECT_EQ(client->source(), "ntp2.test:123");
    EXPECT_TRUE(log.contains("quiet.test:123: no answer within 3000 ms"));
}

// Nobody answers: the clock stays unset, and rounds are retried with a growing full-jitter delay
// never under 15 s (RFC 4330: no server polled more often).
TEST_F(SntpClientTest, NoAnswerRetriesWithBackoffAndNeverSetsTheClock) {
    auto quiet = server("quiet.test", 1);
    quiet->silent = true;
    start({"quiet.test"});
    std::vector<uint64_t> asked_at;
    int seen = 0;
    while (clock.now_ms() < 30 * 60 * 1000) {
        loop.run_once(1000);
        if (quiet->answered != seen) {
            seen = quiet->answered;
            asked_at.push_back(clock.now_ms());
        }
    }
    EXPECT_EQ(clock.unix_ms(), 0);
    EXPECT_FALSE(client->synced());
    ASSERT_GE(asked_at.size(), 4u);
    for (size_t i = 1; i < asked_at.size(); ++i) {
        uint64_t gap = asked_at[i] - asked_at[i - 1];
        EXPECT_GE(gap, 3000u + 15000u) << "round " << i;
        EXPECT_LE(gap, 3000u + 15u * 60 * 1000) << "round " << i;
    }
    EXPECT_LT(asked_at.size(), 40u) << "backoff grows";
    EXPECT_EQ(client->failed_rounds(), asked_at.size() - (clock.now_ms() - asked_at.back() < 3000 ? 1 : 0));
    EXPECT_TRUE(log.contains("no time from any NTP server (round 1); retry in"));
}

TEST_F(SntpClientTest, ClosedPortFailsAtOnceWithoutWaitingForTheTimeout) {
    net.udp.add_host("closed.test", Datagrams::ipv4(10, 0, 0, 9, 0));
    server("ntp1.test", 1);
    start({"closed.test", "ntp1.test"});
    ASSERT_TRUE(run_until([&] { return synced(); }, 100));
    EXPECT_LE(synced_at_ms, 2u);
    EXPECT_TRUE(log.contains("closed.test:123: no NTP server on that port"));
}

TEST_F(SntpClientTest, UnresolvableNameIsSkipped) {
    server("ntp1.test", 1);
    start({"pool.ntp.org", "ntp1.test"});
    ASSERT_TRUE(run_until([&] { return synced(); }, 100));
    EXPECT_TRUE(log.contains("pool.ntp.org:123: cannot resolve"));
    EXPECT_EQ(client->source(), "ntp1.test:123");
}

// DENY and RSTR: that server is never asked again; with no other, the client gives up and says so.
TEST_F(SntpClientTest, KissOfDeathDenyStopsUsingTheServer) {
    for (const char* code : {"DENY", "RSTR"}) {
        SCOPED_TRACE(code);
        auto deny = server("deny.test", 1);
        deny->kiss = code;
        start({"deny.test"});
        run_for(60 * 60 * 1000);
        EXPECT_EQ(deny->answered, 1);
        EXPECT_EQ(clock.unix_ms(), 0);
        EXPECT_TRUE(client->gave_up());
        EXPECT_TRUE(
            log.contains(std::string("deny.test:123: kiss-o'-death ") + code + ": not asking this server again"));
        EXPECT_TRUE(log.contains("every NTP server refused service"));
    }
}

TEST_F(SntpClientTest, KissOfDeathDenyMovesOnToTheNextServer) {
    auto deny = server("deny.test", 1);
    deny->kiss = "DENY";
    server("ntp2.test", 2);
    start({"deny.test", "ntp2.test"}, SntpOptions{.resync_ms = 60000});
    ASSERT_TRUE(run_until([&] { return syncs.size() == 3; }, 200000));
    EXPECT_EQ(deny->answered, 1) << "not asked at the resynchronizations";
    EXPECT_EQ(client->source(), "ntp2.test:123");
}

// RATE: the server is held back 64 s, then twice as long after the next RATE.
TEST_F(SntpClientTest, KissOfDeathRateHoldsTheServerBack) {
    auto rate = server("rate.test", 1);
    rate->kiss = "RATE";
    start({"rate.test"});
    std::vector<uint64_t> asked_at;
    int seen = 0;
    while (asked_at.size() < 3 && clock.now_ms() < 3600 * 1000) {
        loop.run_once(1000);
        if (rate->answered != seen) {
            seen = rate->answered;
            asked_at.push_back(clock.now_ms());
        }
    }
    ASSERT_EQ(asked_at.size(), 3u);
    EXPECT_GE(asked_at[1] - asked_at[0], 64000u);
    EXPECT_GE(asked_at[2] - asked_at[1], 128000u);
    EXPECT_EQ(clock.unix_ms(), 0);
    EXPECT_TRUE(log.contains("rate.test:123: kiss-o'-death RATE: not asking this server for 64 s"));
}

TEST_F(SntpClientTest, OtherKissCodeCarriesNoTime) {
    auto kod = server("kod.test", 1);
    kod->kiss = "ACST";
    server("ntp2.test", 2);
    start({"kod.test", "ntp2.test"});
    ASSERT_TRUE(run_until([&] { return synced(); }, 100));
    EXPECT_EQ(client->source(), "ntp2.test:123");
    EXPECT_TRUE(log.contains("kod.test:123: kiss-o'-death ACST: no time in this answer"));
}

// Each lie, from the only server: the clock is never set from it.
TEST_F(SntpClientTest, LyingServersNeverSetTheClock) {
    struct Case {
        const char* what;
        void (*lie)(NtpServerScript&);
        const char* logged;
    } cases[] = {
        {"stratum 0 without a code", [](NtpServerScript& s) { s.kiss = std::string("\0\0\0\0", 4); }, "kiss-o'-death"},
        {"leap indicator 3", [](NtpServerScript& s) { s.leap = 3; }, "server clock not synchronized"},
        {"stratum 16", [](NtpServerScript& s) { s.stratum = 16; }, "server clock not synchronized"},
        {"zero originate timestamp", [](NtpServerScript& s) { s.zero_origin = true; },
         "originate timestamp is not our request's"},
        {"wrong originate timestamp", [](NtpServerScript& s) { s.wrong_origin = true; },
         "originate timestamp is not our request's"},
        {"zero transmit timestamp", [](NtpServerScript& s) { s.zero_transmit = true; }, "zero transmit timestamp"},
        {"mode 3", [](NtpServerScript& s) { s.mode = 3; }, "not a server reply"},
        {"version 1", [](NtpServerScript& s) { s.version = 1; }, "not NTP version 3 or 4"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.what);
        log.lines.clear();
        auto liar = server("liar.test", 1);
        c.lie(*liar);
        start({"liar.test"});
        run_for(120000);
        EXPECT_GE(liar->answered, 2) << "asked again in later rounds";
        EXPECT_EQ(clock.unix_ms(), 0);
        EXPECT_FALSE(client->synced());
        EXPECT_TRUE(log.contains(c.logged));
    }
}

// A forged datagram arriving first is ignored; the real answer that follows is taken.
TEST_F(SntpClientTest, ForgedDatagramBeforeTheAnswerIsIgnored) {
    auto s = server("ntp1.test", 1);
    hal::Endpoint at = Datagrams::ipv4(10, 0, 0, 1, 123);
    net.udp.serve(at, [&, real = fake::ntp_server(s)](const Datagrams::Bytes& req) {
        Datagrams::Bytes forged = real(req)[0];
        forged[40] ^= 0x40;  // another time ...
        forged[24] ^= 0x01;  // ... and a guessed nonce
        auto answers = real(req);
        answers.insert(answers.begin(), forged);
        return answers;
    });
    start({"ntp1.test"});
    ASSERT_TRUE(run_until([&] { return synced(); }, 100));
    EXPECT_EQ(unix_at_sync, kServerTime);
    EXPECT_TRUE(log.contains("ntp1.test:123: datagram ignored: originate timestamp is not our request's"));
}

TEST_F(SntpClientTest, AnswerBeforeTheBuildTimeIsRefused) {
    auto past = server("past.test", 1);
    past->unix_ms = kServerTime - int64_t{400} * 86400 * 1000;
    server("ntp2.test", 2);
    start({"past.test", "ntp2.test"}, SntpOptions{.floor_unix_ms = kServerTime - int64_t{86400} * 1000});
    ASSERT_TRUE(run_until([&] { return synced(); }, 100));
    EXPECT_EQ(client->source(), "ntp2.test:123");
    EXPECT_EQ(unix_at_sync, kServerTime);
    EXPECT_TRUE(log.contains("is before this image was built"));
}

TEST_F(SntpClientTest, ResynchronizesHourlyAndReportsTheStep) {
    auto s = server("ntp1.test", 1);
    start({"ntp1.test"});
    ASSERT_TRUE(run_until([&] { return synced(); }, 100));
    s->unix_ms = kServerTime + 3600 * 1000 + synced_at_ms + 250;  // the device's clock ran 250 ms slow
    run_for(3600 * 1000 - 100);
    EXPECT_EQ(syncs.size(), 1u);
    ASSERT_TRUE(run_until([&] { return syncs.size() == 2; }, 200));
    EXPECT_NEAR(static_cast<double>(syncs[1].step_ms), 250, 1);  // the 1 ms steps of the loop
}

// The round trip is split in half: the server's time when it answered plus the way back.
TEST_F(SntpClientTest, HalfTheRoundTripIsAdded) {
    hal::Endpoint at = Datagrams::ipv4(10, 0, 0, 1, 123);
    net.udp.add_host("slow.test", at);
    auto script = std::make_shared<NtpServerScript>();
    script->unix_ms = kServerTime;
    auto real = fake::ntp_server(script);
    std::vector<Datagrams::Bytes> pending;
    net.udp.serve(at, [&](const Datagrams::Bytes& req) {
        pending = real(req);
        return std::vector<Datagrams::Bytes>{};
    });
    start({"slow.test"});
    loop.run_once(0);
    clock.advance(400);  // 200 ms out, 200 ms back: the reply arrives 400 ms after the request
    net.udp.inject(at, pending[0]);
    ASSERT_TRUE(run_until([&] { return synced(); }, 100));
    EXPECT_EQ(syncs[0].round_trip_ms, 400u);
    EXPECT_EQ(unix_at_sync, kServerTime + 200);
}

TEST_F(SntpClientTest, StopClosesTheSocketAndCancelsEverything) {
    auto quiet = server("quiet.test", 1);
    quiet->silent = true;
    start({"quiet.test"});
    loop.run_once(0);
    EXPECT_EQ(net.udp.open_sockets(), 1u);
    client->stop();
    loop.run_once(0);
    EXPECT_EQ(net.udp.open_sockets(), 0u);
    EXPECT_EQ(loop.timer_count(), 0u);
    EXPECT_EQ(loop.poller_count(), 0u);
}

}  // namespace
