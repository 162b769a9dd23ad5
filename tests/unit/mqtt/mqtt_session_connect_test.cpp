// MqttSession: connecting, CONNACK codes, keep-alive, timeouts, reconnect backoff.
#include <gtest/gtest.h>

#include "mqtt_test_util.h"

using namespace mqtt_test;
using fw::net::LinkError;
using fw::net::MqttDisconnectCause;
using fw::net::MqttSession;
using mqtt::PacketType;

TEST(MqttSessionConnect, SendsConnectWithTheConfiguredOptions) {
    Harness h;
    h.cfg.username = "user";
    h.cfg.password = "secret";
    h.cfg.clean_session = false;
    h.cfg.keep_alive_s = 45;
    h.cfg.will = fw::net::MqttLastWill{"devices/dev-1/status", bytes("offline"), 1, true};
    Packet p = h.connect(true);
    mqtt::Connect c;
    ASSERT_EQ(mqtt::parse_connect(p.header, p.body, c), mqtt::CodecError::None);
    EXPECT_EQ(c.client_id, "dev-1");
    EXPECT_EQ(c.username.value_or(""), "user");
    ASSERT_TRUE(c.password.has_value());
    EXPECT_EQ(text(*c.password), "secret");
    EXPECT_FALSE(c.clean_session);
    EXPECT_EQ(c.keep_alive_s, 45);
    ASSERT_TRUE(c.will.has_value());
    EXPECT_EQ(c.will->topic, "devices/dev-1/status");
    EXPECT_EQ(text(c.will->payload), "offline");
    EXPECT_EQ(c.will->qos, 1);
    EXPECT_TRUE(c.will->retain);
    EXPECT_EQ(h.net.host(), "broker.test");
    EXPECT_EQ(h.net.port(), 8883);
    EXPECT_EQ(h.connected, std::vector<bool>{true});
}

TEST(MqttSessionConnect, RejectsBadConfiguration) {
    Harness h;
    h.cfg.client_id = "";
    h.cfg.clean_session = false;  // an empty id needs a clean session
    EXPECT_EQ(h.make().start().err(), fw::Err::InvalidArg);
    Harness h2;
    h2.cfg.will = fw::net::MqttLastWill{"bad/+", {}, 0, false};
    EXPECT_EQ(h2.make().start().err(), fw::Err::InvalidArg);
    Harness h3;
    h3.cfg.password = "pw";  // 3.1.1: no password without a user name
    EXPECT_EQ(h3.make().start().err(), fw::Err::InvalidArg);
    Harness h4;
    EXPECT_TRUE(h4.make().start().ok());
    EXPECT_EQ(h4.session->start().err(), fw::Err::BadState);
}

TEST(MqttSessionConnect, ConnackRefusalCodesAreReportedAndLogged) {
    const char* reasons[] = {"unacceptable protocol version", "client identifier rejected", "server unavailable",
                             "bad user name or password", "not authorized"};
    for (uint8_t code = 1; code <= 5; ++code) {
        Harness h;
        h.make();
        ASSERT_TRUE(h.session->start().ok());
        ASSERT_TRUE(h.run_until_connect_sent());
        h.push(connack(static_cast<mqtt::ConnackCode>(code)));
        h.step(2);
        ASSERT_EQ(h.disconnects.size(), 1u) << int(code);
        const auto& d = h.disconnects[0];
        EXPECT_EQ(d.cause, MqttDisconnectCause::Refused);
        EXPECT_EQ(static_cast<uint8_t>(d.connack), code);
        EXPECT_FALSE(d.was_connected);
        EXPECT_STREQ(fw::net::disconnect_detail(d), reasons[code - 1]);
        EXPECT_TRUE(h.log.contains(reasons[code - 1])) << reasons[code - 1];
        EXPECT_TRUE(h.connected.empty());
        EXPECT_FALSE(h.net.open());
        EXPECT_EQ(h.session->state(), MqttSession::State::WaitReconnect);
        EXPECT_GE(d.retry_in_ms, h.cfg.backoff_floor_ms);
    }
}

TEST(MqttSessionConnect, TransportFailureReasonReachesTheApp) {
    Harness h;
    h.net.refuse_connect = true;
    h.net.connect_error = LinkError::CertUntrusted;
    h.make();
    ASSERT_TRUE(h.session->start().ok());
    h.step(2);
    ASSERT_EQ(h.disconnects.size(), 1u);
    EXPECT_EQ(h.disconnects[0].cause, MqttDisconnectCause::Link);
    EXPECT_EQ(h.disconnects[0].link, LinkError::CertUntrusted);
    EXPECT_TRUE(h.log.contains("not trusted"));
}

TEST(MqttSessionConnect, ConnectTimeoutCoversTransportAndConnack) {
    Harness h;
    h.net.connect_polls = INT_MAX;  // the TLS handshake never finishes
    h.make();
    ASSERT_TRUE(h.session->start().ok());
    h.run_for(h.cfg.connect_timeout_ms - 1);
    EXPECT_TRUE(h.disconnects.empty());
    h.run_for(1);
    ASSERT_EQ(h.disconnects.size(), 1u);
    EXPECT_EQ(h.disconnects[0].cause, MqttDisconnectCause::ConnectTimeout);

    h.net.connect_polls = 0;
    ASSERT_TRUE(h.run_until_connect_sent());
    uint64_t sent_at = h.clock.now_ms();
    h.run_for(h.cfg.connect_timeout_ms + 10);  // the broker never answers CONNECT
    ASSERT_EQ(h.disconnects.size(), 2u);
    EXPECT_EQ(h.disconnects[1].cause, MqttDisconnectCause::ConnectTimeout);
    EXPECT_LE(h.disconnect_times[1] - sent_at, h.cfg.connect_timeout_ms);
}

TEST(MqttSessionConnect, PacketBeforeConnackIsAProtocolError) {
    Harness h;
    h.make();
    ASSERT_TRUE(h.session->start().ok());
    ASSERT_TRUE(h.run_until_connect_sent());
    h.push(publish("a", "b"));
    h.step(2);
    ASSERT_EQ(h.disconnects.size(), 1u);
    EXPECT_EQ(h.disconnects[0].cause, MqttDisconnectCause::Protocol);
    EXPECT_EQ(h.disconnects[0].codec, mqtt::CodecError::UnexpectedPacket);
}

TEST(MqttSessionConnect, BadConnackAcknowledgeFlagsAreNamedAsSuch) {
    Harness h;
    h.make();
    ASSERT_TRUE(h.session->start().ok());
    ASSERT_TRUE(h.run_until_connect_sent());
    h.push(Bytes{0x20, 0x02, 0x02, 0x00});  // a reserved acknowledge flag
    h.step(2);
    ASSERT_EQ(h.disconnects.size(), 1u);
    EXPECT_EQ(h.disconnects[0].codec, mqtt::CodecError::BadAckFlags);
    EXPECT_STREQ(fw::net::disconnect_detail(h.disconnects[0]), "bad CONNACK acknowledge flags");
}

TEST(MqttSessionConnect, PacketsABrokerMayNotSendNowAreNamed) {
    struct Case {
        Bytes packet;
        mqtt::CodecError codec;
    } cases[] = {{connack(), mqtt::CodecError::UnexpectedPacket},
                 {encode_empty(PacketType::Pingreq), mqtt::CodecError::ClientOnlyPacket},
                 {encode_empty(PacketType::Disconnect), mqtt::CodecError::ClientOnlyPacket}};
    for (const auto& c : cases) {
        Harness h;
        h.connect();
        h.push(c.packet);
        h.step();
        ASSERT_EQ(h.disconnects.size(), 1u);
        EXPECT_EQ(h.disconnects[0].cause, MqttDisconnectCause::Protocol);
        EXPECT_EQ(h.disconnects[0].codec, c.codec);
        EXPECT_STRNE(fw::net::disconnect_detail(h.disconnects[0]), "ok");
    }
}

TEST(MqttSessionKeepAlive, PingsWhenIdleAndStaysUpWhileAnswered) {
    Harness h;
    h.connect();
    std::vector<uint64_t> ping_times;
    for (int round = 0; round < 7; ++round) {
        // 1 ms steps: the test sees each PINGREQ within 1 ms of its going out.
        uint64_t limit = h.clock.now_ms() + 2 * h.cfg.keep_alive_s * 1000;
        std::vector<Packet> pk;
        while (pk.empty() && h.clock.now_ms() < limit) {
            h.loop.run_once(1);
            pk = h.sent();
        }
        ASSERT_EQ(pk.size(), 1u) << round;
        EXPECT_EQ(pk[0].type(), PacketType::Pingreq);
        ping_times.push_back(h.clock.now_ms());
        h.push(encode_empty(PacketType::Pingresp));
    }
    for (size_t i = 1; i < ping_times.size(); ++i) EXPECT_EQ(ping_times[i] - ping_times[i - 1], 10000u) << i;
    EXPECT_TRUE(h.disconnects.empty());
}

TEST(MqttSessionKeepAlive, DeadLinkDetectedWithinOneAndAHalfKeepAlive) {
    Harness h;
    h.connect();
    uint64_t last_rx = h.clock.now_ms();
    while (h.disconnects.empty() && h.clock.now_ms() < last_rx + 60000) h.loop.run_once(1000);
    ASSERT_FALSE(h.disconnects.empty());  // the broker never answered the PINGREQ
    EXPECT_EQ(h.disconnects[0].cause, MqttDisconnectCause::PingTimeout);
    EXPECT_TRUE(h.disconnects[0].was_connected);
    uint64_t detected = h.disconnect_times[0] - last_rx;
    EXPECT_LE(detected, h.cfg.keep_alive_s * 1500u);
    EXPECT_GT(detected, h.cfg.keep_alive_s * 1000u);
}

TEST(MqttSessionKeepAlive, PingrespDeadlineRunsFromThePingreqNotFromTheLastByte) {
    // A hostile broker drips one byte every 2 s of a packet that never completes: the PINGREQ it
    // never answers must still end the session [MQTT 3.1.2.10].
    Harness h;
    h.connect();
    uint64_t connected_at = h.clock.now_ms();
    Bytes drip = publish("devices/dev-1/cmd", std::string(200, 'x'));
    size_t next = 0;
    h.loop.add_timer(
        2000, [&] { h.push(Bytes{drip[next++ % drip.size()]}); }, 2000);
    while (h.disconnects.empty() && h.clock.now_ms() < connected_at + 120000) h.loop.run_once(500);
    ASSERT_FALSE(h.disconnects.empty());
    EXPECT_EQ(h.disconnects[0].cause, MqttDisconnectCause::PingTimeout);
    EXPECT_LE(h.disconnect_times[0] - connected_at, h.cfg.keep_alive_s * 1500u);
}

TEST(MqttSessionKeepAlive, DeadLinkDetectedEvenWhilePublishingQos0) {
    // Sending keeps the link "busy" but proves nothing: silence from the broker must still count.
    Harness h;
    h.connect();
    uint64_t last_rx = h.clock.now_ms();
    h.loop.add_timer(
        500, [&] { (void)h.session->publish("devices/dev-1/t", "1", 0); }, 500);
    h.run_for(30000);
    ASSERT_FALSE(h.disconnects.empty());
    EXPECT_EQ(h.disconnects[0].cause, MqttDisconnectCause::PingTimeout);
    EXPECT_LE(h.disconnect_times[0] - last_rx, h.cfg.keep_alive_s * 1500u);
}

TEST(MqttSessionBackoff, KickRightAfterConnackNeverCausesATightLoop) {
    Harness h;
    h.make();
    ASSERT_TRUE(h.session->start().ok());
    std::vector<uint64_t> attempt_times;
    for (int i = 0; i < 8; ++i) {
        ASSERT_TRUE(h.run_until_connect_sent(1000000));
        attempt_times.push_back(h.clock.now_ms());
        h.net.take_sent();
        h.push(connack());
        h.net.close_from_peer();  // accepted, then kicked at once
        h.step(2);
        ASSERT_EQ(h.disconnects.size(), size_t(i + 1));
        EXPECT_TRUE(h.disconnects[i].was_connected);
    }
    EXPECT_EQ(h.connected.size(), 8u);
    // The n-th gap is drawn from [floor, min(cap, base * 2^n)]: the backoff never started over.
    for (size_t n = 0; n + 1 < attempt_times.size(); ++n) {
        uint64_t gap = attempt_times[n + 1] - attempt_times[n];
        uint64_t window = std::min<uint64_t>(h.cfg.backoff_cap_ms, uint64_t{h.cfg.backoff_base_ms} << n);
        uint32_t delay = h.disconnects[n].retry_in_ms;
        EXPECT_GE(delay, h.cfg.backoff_floor_ms) << n;
        EXPECT_LE(delay, window) << n;
        EXPECT_GE(gap, delay) << n;        // the session waited the whole delay
        EXPECT_LE(gap, delay + 100) << n;  // + one polling step of run_until_connect_sent
    }
    // Later windows are far above the first: eight attempts take more than a few seconds.
    EXPECT_GT(attempt_times.back() - attempt_times.front(), 5000u);
}

TEST(MqttSessionBackoff, DelaysAreJitteredAcrossTheWholeWindow) {
    std::vector<uint32_t> delays;
    for (uint64_t seed = 1; seed <= 40; ++seed) {
        Harness h;
        h.rng = fake::SeededRng(seed);
        h.fail_attempts(4);
        delays.push_back(h.disconnects[3].retry_in_ms);  // 4th failure: window base * 2^3 = 8000 ms
    }
    uint32_t lo = *std::min_element(delays.begin(), delays.end());
    uint32_t hi = *std::max_element(delays.begin(), delays.end());
    EXPECT_GE(lo, 200u);
    EXPECT_LE(hi, 8000u);
    EXPECT_LT(lo, 3000u);  // full jitter: spread over the window, not clustered at its top
    EXPECT_GT(hi, 5000u);
}

TEST(MqttSessionBackoff, StartsOverOnlyAfterAStableConnection) {
    Harness h;
    h.fail_attempts(6);  // window now 64 s (capped at 60 s)
    ASSERT_TRUE(h.run_until_connect_sent(1000000));
    h.push(connack());
    h.step(2);
    ASSERT_TRUE(h.session->connected());
    // Answer pings for longer than stable_after_ms, then lose the link.
    for (int i = 0; i < 3; ++i) {
        h.run_for(h.cfg.keep_alive_s * 1000);
        h.push(encode_empty(PacketType::Pingresp));
        h.step(2);
    }
    h.net.break_link(LinkError::NetworkDown);
    h.step(2);
    ASSERT_EQ(h.disconnects.size(), 7u);
    EXPECT_EQ(h.disconnects[6].link, LinkError::NetworkDown);
    EXPECT_LE(h.disconnects[6].retry_in_ms, h.cfg.backoff_base_ms);  // first window again
}

TEST(MqttSessionBackoff, NetworkRestoredTriesWithinTheFirstWindow) {
    Harness h;
    h.fail_attempts(6);  // while the network was down: the next attempt is drawn from a 60 s window
    uint64_t failed_at = h.disconnect_times.back();
    uint32_t waiting = h.disconnects.back().retry_in_ms;
    ASSERT_GT(waiting, h.cfg.backoff_base_ms) << "seed gives a long wait";
    h.session->network_restored();
    uint64_t restored_at = h.clock.now_ms();
    ASSERT_GT(failed_at + waiting, restored_at + 2 * h.cfg.backoff_base_ms) << "the old wait would be far longer";
    ASSERT_TRUE(h.run_until_connect_sent(1000000));
    EXPECT_LE(h.clock.now_ms() - restored_at, h.cfg.backoff_base_ms + 100);  // + one polling step
    EXPECT_GE(h.clock.now_ms() - restored_at, h.cfg.backoff_floor_ms);       // jittered, not at once
    EXPECT_TRUE(h.log.contains("network back: next attempt in"));
    h.push(connack());
    h.step(2);
    ASSERT_TRUE(h.session->connected());
    // Connected: nothing to hurry, nothing changes.
    h.session->network_restored();
    h.step(2);
    EXPECT_TRUE(h.session->connected());
    EXPECT_EQ(h.disconnects.size(), 6u);
    // The backoff started over: a failure after the restored network draws from the second window.
    h.net.break_link(LinkError::NetworkDown);
    h.step(2);
    ASSERT_EQ(h.disconnects.size(), 7u);
    EXPECT_LE(h.disconnects.back().retry_in_ms, 2 * h.cfg.backoff_base_ms);
}

TEST(MqttSessionBackoff, NetworkRestoredNeverPostponesAnAttempt) {
    Harness h;
    h.fail_attempts(6);
    uint64_t due = h.disconnect_times.back() + h.disconnects.back().retry_in_ms;
    // Shortly before the attempt is due, a restored network must not push it later.
    h.run_for(due - h.clock.now_ms() - h.cfg.backoff_floor_ms / 4);
    h.session->network_restored();
    while (h.session->state() != fw::net::MqttSession::State::AwaitConnack && h.clock.now_ms() < due + 5000)
        h.loop.run_once(10);
    // A redrawn delay would be at least the floor (200 ms) from now, 150 ms after `due`.
    EXPECT_LE(h.clock.now_ms(), due + 10);
    // Stopped: it stays stopped.
    h.session->stop();
    uint32_t attempts = h.session->attempts();
    h.session->network_restored();
    h.run_for(5000);
    EXPECT_EQ(h.session->state(), fw::net::MqttSession::State::Idle);
    EXPECT_EQ(h.session->attempts(), attempts);
}
