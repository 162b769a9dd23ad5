// MqttSession: publish/subscribe flows, QoS 1/2 both ways, retransmission, outbox, limits.
#include <gtest/gtest.h>

#include "mqtt_test_util.h"

using namespace mqtt_test;
using fw::net::LinkError;
using fw::net::MqttDisconnectCause;
using fw::net::MqttSession;
using mqtt::PacketType;

namespace {

std::vector<PacketType> types(const std::vector<Packet>& pk) {
    std::vector<PacketType> out;
    for (const auto& p : pk) out.push_back(p.type());
    return out;
}

// Breaks the link, waits out the backoff and completes a new handshake; returns what the client
// sent after CONNECT on the new connection.
std::vector<Packet> reconnect(Harness& h, bool session_present) {
    h.net.break_link(LinkError::NetworkDown);
    h.step(2);
    EXPECT_TRUE(h.run_until_connect_sent(1000000));
    auto pk = h.sent();
    EXPECT_EQ(pk.size(), 1u);  // nothing before CONNACK
    h.push(connack(mqtt::ConnackCode::Accepted, session_present));
    h.step(2);
    EXPECT_TRUE(h.session->connected());
    return h.sent();
}

}  // namespace

TEST(MqttSessionPublish, Qos1FlowEndsWithPuback) {
    Harness h;
    h.connect();
    auto id = h.session->publish("devices/dev-1/t", "21.5", 1);
    ASSERT_TRUE(id.ok());
    EXPECT_NE(*id, 0);
    h.step();
    auto pk = h.sent();
    ASSERT_EQ(pk.size(), 1u);
    auto p = pk[0].as_publish();
    EXPECT_EQ(p.qos, 1);
    EXPECT_EQ(p.packet_id, *id);
    EXPECT_FALSE(p.dup);
    EXPECT_EQ(text(p.payload), "21.5");
    EXPECT_EQ(h.session->outbox().size(), 1u);
    h.push(ack(PacketType::Puback, *id));
    h.step();
    EXPECT_EQ(h.published, std::vector<uint16_t>{*id});
    EXPECT_EQ(h.session->outbox().size(), 0u);
    h.push(ack(PacketType::Puback, *id));  // a stray duplicate is ignored
    h.step();
    EXPECT_EQ(h.published.size(), 1u);
    EXPECT_TRUE(h.disconnects.empty());
}

TEST(MqttSessionPublish, Qos2FlowPublishPubrecPubrelPubcomp) {
    Harness h;
    h.connect();
    auto id = h.session->publish("devices/dev-1/cmd/response", "ok", 2, true);
    ASSERT_TRUE(id.ok());
    h.step();
    auto pk = h.sent();
    ASSERT_EQ(pk.size(), 1u);
    EXPECT_EQ(pk[0].as_publish().qos, 2);
    EXPECT_TRUE(pk[0].as_publish().retain);
    h.push(ack(PacketType::Pubrec, *id));
    h.step();
    pk = h.sent();
    ASSERT_EQ(pk.size(), 1u);
    EXPECT_EQ(pk[0].header, 0x62);
    EXPECT_EQ(pk[0].packet_id(), *id);
    EXPECT_TRUE(h.published.empty());      // not done before PUBCOMP
    h.push(ack(PacketType::Pubrec, *id));  // a repeated PUBREC gets another PUBREL
    h.step();
    pk = h.sent();
    ASSERT_EQ(pk.size(), 1u);
    EXPECT_EQ(pk[0].type(), PacketType::Pubrel);
    h.push(ack(PacketType::Pubcomp, *id));
    h.step();
    EXPECT_EQ(h.published, std::vector<uint16_t>{*id});
    EXPECT_EQ(h.session->outbox().size(), 0u);
}

TEST(MqttSessionPublish, InflightWindowLimitsUnacknowledgedMessages) {
    Harness h;
    h.cfg.inflight_window = 2;
    h.connect();
    std::vector<uint16_t> ids;
    for (int i = 0; i < 5; ++i) ids.push_back(*h.session->publish("t", std::to_string(i), 1));
    h.step();
    auto pk = h.sent();
    ASSERT_EQ(pk.size(), 2u);
    EXPECT_EQ(pk[0].packet_id(), ids[0]);
    EXPECT_EQ(pk[1].packet_id(), ids[1]);
    h.push(ack(PacketType::Puback, ids[1]));  // out of order is fine
    h.step();
    pk = h.sent();
    ASSERT_EQ(pk.size(), 1u);
    EXPECT_EQ(pk[0].packet_id(), ids[2]);
    EXPECT_EQ(h.session->outbox().in_flight(), 2u);
}

TEST(MqttSessionPublish, RetransmitsWithDupAfterReconnectInOriginalOrder) {
    Harness h;
    h.cfg.clean_session = false;
    h.connect();
    uint16_t a = *h.session->publish("t/a", "A", 1);
    uint16_t b = *h.session->publish("t/b", "B", 2);
    uint16_t c = *h.session->publish("t/c", "C", 1);
    h.step();
    EXPECT_EQ(h.sent().size(), 3u);
    h.push(ack(PacketType::Pubrec, b));
    h.step();
    EXPECT_EQ(types(h.sent()), std::vector<PacketType>{PacketType::Pubrel});
    // Offline: a QoS 0 message waits in the outbox.
    h.net.break_link(LinkError::PeerClosed);
    h.step(2);
    ASSERT_TRUE(h.session->publish("t/d", "D", 0).ok());

    auto pk = reconnect(h, true);
    ASSERT_EQ(pk.size(), 4u);
    EXPECT_EQ(pk[0].type(), PacketType::Publish);
    EXPECT_EQ(pk[0].packet_id(), a);
    EXPECT_TRUE(pk[0].dup());
    EXPECT_EQ(pk[1].type(), PacketType::Pubrel);  // B's PUBLISH is not re-sent, its PUBREL is
    EXPECT_EQ(pk[1].packet_id(), b);
    EXPECT_EQ(pk[2].packet_id(), c);
    EXPECT_TRUE(pk[2].dup());
    EXPECT_EQ(text(pk[2].as_publish().payload), "C");
    EXPECT_EQ(pk[3].as_publish().topic, "t/d");
    EXPECT_FALSE(pk[3].dup());
    EXPECT_EQ(h.connected.back(), true);

    h.push(ack(PacketType::Puback, a));
    h.push(ack(PacketType::Pubcomp, b));
    h.push(ack(PacketType::Puback, c));
    h.step();
    EXPECT_EQ(h.published, (std::vector<uint16_t>{a, b, c}));
    EXPECT_EQ(h.session->outbox().size(), 0u);
}

TEST(MqttSessionPublish, CleanSessionStillResendsUnacknowledgedMessages) {
    Harness h;
    h.connect();
    uint16_t a = *h.session->publish("t/a", "A", 1);
    h.step();
    h.sent();
    auto pk = reconnect(h, false);
    ASSERT_EQ(pk.size(), 1u);
    EXPECT_EQ(pk[0].packet_id(), a);
    EXPECT_TRUE(pk[0].dup());
}

TEST(MqttSessionPublish, OversizedPayloadIsRefused) {
    Harness h;
    h.cfg.max_payload = 100;
    h.connect();
    EXPECT_EQ(h.session->publish("t", std::string(101, 'x'), 1).err(), fw::Err::TooLarge);
    EXPECT_TRUE(h.session->publish("t", std::string(100, 'x'), 1).ok());
    EXPECT_EQ(h.session->publish("t/+", "x", 0).err(), fw::Err::InvalidArg);
    EXPECT_EQ(h.session->publish("t", "x", 3).err(), fw::Err::InvalidArg);
    EXPECT_TRUE(h.log.contains("too large"));

    Harness d;  // the default limit is Cumulocity's
    EXPECT_EQ(d.cfg.max_payload, 16184u);
    d.connect();
    EXPECT_EQ(d.session->publish("s/us", std::string(16185, 'x'), 1).err(), fw::Err::TooLarge);
    EXPECT_TRUE(d.session->publish("s/us", std::string(16184, 'x'), 1).ok());
}

TEST(MqttSessionPublish, OutboxBoundDropsOldestQos0ThenRefuses) {
    Harness h;
    // Room for exactly four 30-byte PUBLISH packets (topic "t", 25-byte payload; QoS 0: 30 bytes).
    h.cfg.outbox_bytes = fw::net::Outbox::cost(30) * 4;
    h.make();
    std::string pl(25, 'p');
    for (int i = 0; i < 4; ++i) ASSERT_TRUE(h.session->publish("t", pl.substr(0, 24) + char('0' + i), 0).ok());
    EXPECT_EQ(h.session->outbox().size(), 4u);
    // QoS 1 packets are 2 bytes longer: each needs one QoS 0 out, and the first needs two.
    ASSERT_TRUE(h.session->publish("t", pl.substr(0, 23) + "Q", 1).ok());
    EXPECT_EQ(h.session->outbox().dropped(), 2u);
    ASSERT_TRUE(h.session->publish("t", pl.substr(0, 23) + "R", 1).ok());
    EXPECT_EQ(h.session->outbox().dropped(), 3u);
    ASSERT_TRUE(h.session->publish("t", pl.substr(0, 23) + "S", 1).ok());  // takes the last QoS 0's place
    EXPECT_EQ(h.session->outbox().dropped(), 4u);
    // Only QoS 1 messages left: the new one is refused, none is dropped, and it is counted.
    EXPECT_EQ(h.session->publish("t", pl.substr(0, 23) + "T", 1).err(), fw::Err::NoSpace);
    EXPECT_EQ(h.session->outbox().refused(), 1u);
    EXPECT_EQ(h.session->outbox().dropped(), 4u);
    EXPECT_EQ(h.session->outbox().size(), 3u);

    h.connect();
    h.step();
    auto pk = h.sent();
    ASSERT_EQ(pk.size(), 3u);  // in publish order
    EXPECT_EQ(text(pk[0].as_publish().payload).back(), 'Q');
    EXPECT_EQ(text(pk[1].as_publish().payload).back(), 'R');
    EXPECT_EQ(text(pk[2].as_publish().payload).back(), 'S');
}

TEST(MqttSessionPublish, PacketsQueuedInOneIterationLeaveInOneSend) {
    Harness h;
    h.connect();
    int before = h.net.sends;
    for (int i = 0; i < 20; ++i) ASSERT_TRUE(h.session->publish("t", "x", i % 2).ok());
    h.step();
    EXPECT_EQ(h.net.sends - before, 1);
    EXPECT_EQ(h.sent().size(), 20u);
}

TEST(MqttSessionPublish, StalledTransportKeepsEverythingAndResumes) {
    Harness h;
    h.cfg.tx_buffer = 512;
    h.connect();
    h.net.send_budget = 0;
    std::vector<uint16_t> ids;
    for (int i = 0; i < 40; ++i) {
        auto r = h.session->publish("t", std::string(50, char('a' + i % 26)), 1);
        ASSERT_TRUE(r.ok());
        ids.push_back(*r);
    }
    h.run_for(100);
    EXPECT_TRUE(h.sent().empty());
    h.net.send_budget = SIZE_MAX;
    std::vector<uint16_t> seen;
    for (int round = 0; round < 20 && seen.size() < ids.size(); ++round) {
        h.run_for(5);
        for (const auto& p : h.sent()) {
            seen.push_back(p.packet_id());
            h.push(ack(PacketType::Puback, p.packet_id()));
        }
    }
    EXPECT_EQ(seen, ids);
    h.step(2);
    EXPECT_EQ(h.published.size(), ids.size());
}

TEST(MqttSessionInbound, Qos1DeliveredThenAcked) {
    Harness h;
    h.connect();
    h.push(publish("devices/dev-1/cmd", "reboot", 1, 5, false, true));
    h.step();
    ASSERT_EQ(h.messages.size(), 1u);
    EXPECT_EQ(h.messages[0].topic, "devices/dev-1/cmd");
    EXPECT_EQ(h.messages[0].payload, "reboot");
    EXPECT_EQ(h.messages[0].qos, 1);
    EXPECT_TRUE(h.messages[0].retained);
    auto pk = h.sent();
    ASSERT_EQ(pk.size(), 1u);
    EXPECT_EQ(pk[0].type(), PacketType::Puback);
    EXPECT_EQ(pk[0].packet_id(), 5);
}

TEST(MqttSessionInbound, Qos2DeliveredExactlyOnceDespiteDuplicatesAndRetransmittedPubrel) {
    Harness h;
    h.connect();
    h.push(publish("c", "one", 2, 7));
    h.step();
    EXPECT_EQ(h.messages.size(), 1u);
    auto pk = h.sent();
    ASSERT_EQ(pk.size(), 1u);
    EXPECT_EQ(pk[0].type(), PacketType::Pubrec);
    EXPECT_EQ(pk[0].packet_id(), 7);

    h.push(publish("c", "one", 2, 7, true));  // the broker did not see our PUBREC
    h.step();
    EXPECT_EQ(h.messages.size(), 1u);
    pk = h.sent();
    ASSERT_EQ(pk.size(), 1u);
    EXPECT_EQ(pk[0].type(), PacketType::Pubrec);

    h.push(ack(PacketType::Pubrel, 7));
    h.step();
    pk = h.sent();
    ASSERT_EQ(pk.size(), 1u);
    EXPECT_EQ(pk[0].type(), PacketType::Pubcomp);
    h.push(ack(PacketType::Pubrel, 7));  // it did not see our PUBCOMP either
    h.step();
    pk = h.sent();
    ASSERT_EQ(pk.size(), 1u);
    EXPECT_EQ(pk[0].type(), PacketType::Pubcomp);
    EXPECT_EQ(h.messages.size(), 1u);

    h.push(publish("c", "two", 2, 7));  // released: the id now names a new message
    h.step();
    ASSERT_EQ(h.messages.size(), 2u);
    EXPECT_EQ(h.messages[1].payload, "two");
    EXPECT_TRUE(h.disconnects.empty());
}

TEST(MqttSessionInbound, BrokerThatNeverReleasesQos2MessagesIsNamed) {
    Harness h;
    h.connect();
    for (uint16_t id = 1; h.disconnects.empty() && id < 1000; ++id) {
        h.push(publish("c", "x", 2, id));
        h.step();
    }
    ASSERT_EQ(h.disconnects.size(), 1u);
    EXPECT_EQ(h.disconnects[0].cause, MqttDisconnectCause::Protocol);
    EXPECT_EQ(h.disconnects[0].codec, mqtt::CodecError::TooManyUnreleased);
}

TEST(MqttSessionInbound, Qos2StateSurvivesAReconnectOnlyWithTheSession) {
    Harness h;
    h.cfg.clean_session = false;
    h.connect();
    h.push(publish("c", "x", 2, 9));
    h.step();
    ASSERT_EQ(h.messages.size(), 1u);
    reconnect(h, true);
    h.push(publish("c", "x", 2, 9, true));  // re-sent in the resumed session
    h.step();
    EXPECT_EQ(h.messages.size(), 1u);
    auto pk = h.sent();
    ASSERT_EQ(pk.size(), 1u);
    EXPECT_EQ(pk[0].type(), PacketType::Pubrec);

    reconnect(h, false);  // the broker lost the session: id 9 is a new message
    h.push(publish("c", "y", 2, 9));
    h.step();
    EXPECT_EQ(h.messages.size(), 2u);
}

TEST(MqttSessionInbound, LargeMessageArrivesInDocumentedFragments) {
    Harness h;
    h.cfg.rx_buffer = 256;
    h.net.recv_chunk = 100;
    h.connect();
    std::string payload;
    for (int i = 0; i < 3000; ++i) payload.push_back(static_cast<char>('A' + i % 26));
    h.push(publish("ota/chunk", payload, 1, 3));
    h.push(publish("small", "s", 0));
    h.run_for(10);
    ASSERT_EQ(h.messages.size(), 2u);
    EXPECT_EQ(h.messages[0].topic, "ota/chunk");
    EXPECT_EQ(h.messages[0].payload, payload);
    EXPECT_GT(h.fragments.size(), 3u);
    EXPECT_EQ(h.messages[1].payload, "s");
    auto pk = h.sent();
    ASSERT_EQ(pk.size(), 1u);  // one PUBACK, after the last fragment
    EXPECT_EQ(pk[0].type(), PacketType::Puback);
}

TEST(MqttSessionInbound, MalformedPacketDropsTheLinkAndReconnectsWithBackoff) {
    Harness h;
    h.connect();
    h.push(Bytes{0x32, 0x03, 0x00, 0x05, 'a'});  // topic length beyond the packet
    h.step();
    ASSERT_EQ(h.disconnects.size(), 1u);
    EXPECT_EQ(h.disconnects[0].cause, MqttDisconnectCause::Protocol);
    EXPECT_EQ(h.disconnects[0].codec, mqtt::CodecError::Truncated);
    EXPECT_FALSE(h.net.open());
    EXPECT_GE(h.disconnects[0].retry_in_ms, h.cfg.backoff_floor_ms);
    int connects = h.net.connects;
    h.step(3);
    EXPECT_EQ(h.net.connects, connects);  // no reconnect before the delay
    EXPECT_TRUE(h.run_until_connect_sent());
}

TEST(MqttSessionSubscribe, ReportsGrantedQosAndFailures) {
    Harness h;
    EXPECT_EQ(h.make().subscribe("a/#", 1).err(), fw::Err::BadState);
    h.connect();
    mqtt::TopicFilter f[] = {{"devices/dev-1/cmd/+", 2}, {"forbidden/#", 1}};
    auto id = h.session->subscribe(f);
    ASSERT_TRUE(id.ok());
    h.step();
    auto pk = h.sent();
    ASSERT_EQ(pk.size(), 1u);
    EXPECT_EQ(pk[0].header, 0x82);
    mqtt::TopicFilter storage[2];
    mqtt::Subscribe s;
    ASSERT_EQ(mqtt::parse_subscribe(pk[0].header, pk[0].body, storage, s), mqtt::CodecError::None);
    EXPECT_EQ(s.packet_id, *id);
    EXPECT_EQ(s.filters[1].filter, "forbidden/#");

    uint8_t codes[] = {1, mqtt::kSubackFailure};
    h.push(encode(mqtt::Suback{*id, codes}));
    h.step();
    ASSERT_EQ(h.subacks.size(), 1u);
    EXPECT_EQ(h.subacks[0].first, *id);
    EXPECT_EQ(h.subacks[0].second, (Bytes{1, 0x80}));
    EXPECT_TRUE(h.log.contains("refused"));
    EXPECT_TRUE(h.log.contains("granted QoS 1 (asked 2)"));
    EXPECT_EQ(h.session->subscribe("bad/#/x", 0).err(), fw::Err::InvalidArg);
}

TEST(MqttSessionSubscribe, SubackWithWrongCountIsAProtocolError) {
    Harness h;
    h.connect();
    auto id = h.session->subscribe("a", 0);
    h.step();
    uint8_t codes[] = {0, 0};
    h.push(encode(mqtt::Suback{*id, codes}));
    h.step();
    ASSERT_EQ(h.disconnects.size(), 1u);
    EXPECT_EQ(h.disconnects[0].cause, MqttDisconnectCause::Protocol);
    EXPECT_EQ(h.disconnects[0].codec, mqtt::CodecError::CountMismatch);
}

TEST(MqttSessionSubscribe, Unsubscribe) {
    Harness h;
    h.connect();
    auto id = h.session->unsubscribe("a/+");
    ASSERT_TRUE(id.ok());
    h.step();
    auto pk = h.sent();
    ASSERT_EQ(pk.size(), 1u);
    EXPECT_EQ(pk[0].header, 0xA2);
    h.push(ack(PacketType::Unsuback, *id));
    h.step();
    EXPECT_EQ(h.unsubacks, std::vector<uint16_t>{*id});
}

TEST(MqttSessionLifecycle, StopSendsDisconnectAndStopsReconnecting) {
    Harness h;
    h.connect();
    ASSERT_TRUE(h.session->publish("t", "kept", 1).ok());
    h.session->stop();
    auto pk = h.sent();
    ASSERT_FALSE(pk.empty());
    EXPECT_EQ(pk.back().type(), PacketType::Disconnect);
    ASSERT_EQ(h.disconnects.size(), 1u);
    EXPECT_EQ(h.disconnects[0].cause, MqttDisconnectCause::Stopped);
    EXPECT_EQ(h.session->state(), MqttSession::State::Idle);
    int connects = h.net.connects;
    h.run_for(600000);
    EXPECT_EQ(h.net.connects, connects);
    EXPECT_EQ(h.session->outbox().size(), 1u);  // the QoS 1 message waits for the next start()
    h.connect();
    h.step();
    pk = h.sent();
    ASSERT_EQ(pk.size(), 1u);
    EXPECT_EQ(text(pk[0].as_publish().payload), "kept");
}

TEST(MqttSessionLifecycle, HandlerMayStopTheSessionFromAMessage) {
    Harness h;
    int calls = 0;
    fw::net::MqttHandlers handlers;
    handlers.on_message = [&](const fw::net::MqttMessage&) {
        ++calls;
        h.session->stop();
    };
    h.session = std::make_unique<MqttSession>(h.loop, h.rng, h.net, h.cfg, handlers);
    h.connect();
    h.push(publish("a", "1", 1, 1));
    h.push(publish("a", "2", 1, 2));
    h.step(3);
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(h.session->state(), MqttSession::State::Idle);
    EXPECT_FALSE(h.net.open());
}

TEST(MqttSessionPublish, BurstLargerThanTheTxBufferLeavesInOneWakeUp) {
    // 200 x 256 B is three tx buffers' worth: the session must refill the buffer as it drains
    // rather than wait for a wake-up that may be a timer seconds away.
    Harness h;
    h.connect();
    h.sent();
    for (int i = 0; i < 200; ++i) ASSERT_TRUE(h.session->publish("devices/dev-1/t", std::string(256, 'x'), 0).ok());
    h.loop.run_once(1000);
    EXPECT_EQ(h.sent().size(), 200u);
}
