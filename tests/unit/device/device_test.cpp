// The app's state machine on a whole simulated board: real TLS and MQTT bytes to an in-process
// broker, a manual clock, and the faults of the field: no or expired certificate, broker down at
// boot, broker refusing, network outage, sensor failures, malformed commands.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "device_board.h"
#include "firmware/prov/device_pop.h"

namespace {

using device_test::Board;
using device_test::BoardConfig;
using State = fw::app::Device::State;
using fw::app::Json;

constexpr const char* kTelemetry = "devices/dev-1/telemetry";
constexpr const char* kResponse = "devices/dev-1/cmd/response";

// Every reading the broker received (a batch counts each of its readings), with its timestamp.
std::vector<int64_t> published_readings(const Board& b) {
    std::vector<int64_t> ts;
    for (const auto& m : b.broker.received) {
        if (m.topic != kTelemetry) continue;
        Json j = Json::parse(m.payload, nullptr, false);
        if (j.is_array()) {
            for (const auto& r : j) ts.push_back(r.value("ts", int64_t{0}));
        } else if (j.is_object()) {
            ts.push_back(j.value("ts", int64_t{0}));
        } else {
            ADD_FAILURE() << "telemetry is not JSON: " << m.payload;
        }
    }
    return ts;
}

// Asks get_status as the platform would and returns the report.
Json get_status(Board& b) {
    size_t before = b.broker.received_on(kResponse);
    b.broker.publish("devices/dev-1/cmd", R"({"id":"st","cmd":"get_status"})");
    EXPECT_TRUE(b.run_until([&] { return b.broker.received_on(kResponse) > before; }, 5000));
    for (auto it = b.broker.received.rbegin(); it != b.broker.received.rend(); ++it)
        if (it->topic == kResponse) return Json::parse(it->payload, nullptr, false).value("result", Json());
    return Json();
}

BoardConfig identity(std::string id) {
    BoardConfig c;
    c.identity = std::move(id);
    return c;
}

BoardConfig extra_config(std::string json) {
    BoardConfig c;
    c.extra_json = std::move(json);
    return c;
}

TEST(Device, BootsOnlineAndPublishesOncePerInterval) {
    Board b;
    b.boot();
    ASSERT_TRUE(online(b, 10000)) << "state " << fw::app::Device::state_name(b.state());
    EXPECT_EQ(b.broker.client_id, "dev-1");  // the certificate CN is the default device id
    EXPECT_TRUE(b.log.contains("state mount-storage -> wifi: no radio on this board"));
    EXPECT_TRUE(b.log.contains("state check-credentials -> connecting: credentials ok"));
    EXPECT_TRUE(b.log.contains("state connecting -> online: MQTT connected"));
    ASSERT_FALSE(b.broker.received.empty());
    EXPECT_EQ(b.broker.received.front().topic, "devices/dev-1/status");
    EXPECT_EQ(b.broker.received.front().payload, "online");

    size_t before = published_readings(b).size();
    b.run_for(10000);
    size_t n = published_readings(b).size() - before;
    EXPECT_GE(n, 9u);
    EXPECT_LE(n, 11u);
    EXPECT_EQ(b.broker.sessions, 1);
}

TEST(Device, WithoutCertificateWaitsInNeedsCertificateAndNeverConnects) {
    Board b(identity(""));
    b.boot();
    b.run_for(600000);
    EXPECT_EQ(b.state(), State::NeedsCertificate);
    EXPECT_TRUE(b.log.contains("-> needs-certificate"));
    EXPECT_EQ(b.broker.connect_attempts, 0);  // no connect storm
    EXPECT_GT(b.sensor.reads, 590);           // the loop keeps sampling meanwhile
}

TEST(Device, ExpiredCertificateIsNamedAndNotUsed) {
    Board b(identity("dev-old"));
    b.boot();
    b.run_for(60000);
    EXPECT_EQ(b.state(), State::NeedsCertificate);
    bool named = false;
    for (const auto& l : b.log.lines)
        named =
            named || (l.find("-> needs-certificate") != std::string::npos && l.find("expired") != std::string::npos);
    EXPECT_TRUE(named) << "no needs-certificate line naming the expiry";
    EXPECT_EQ(b.broker.connect_attempts, 0);
}

TEST(Device, BrokerDownAtBootRetriesWithBackoffThenDeliversBufferedReadings) {
    Board b(extra_config(R"("offline_max": 5)"));
    b.broker.accepting = false;
    b.boot();
    b.run_for(30000);
    EXPECT_EQ(b.state(), State::Connecting);
    EXPECT_GE(b.broker.connect_attempts, 3);   // keeps trying...
    EXPECT_LE(b.broker.connect_attempts, 10);  // ...but backs off (30 one-second periods passed)
    b.broker.accepting = true;
    ASSERT_TRUE(online(b, 150000));
    int64_t online_at = b.clock.unix_ms();

    auto ts = published_readings(b);
    ASSERT_GE(ts.size(), 5u);
    // The first message is the buffer: the 5 newest readings taken while offline, with the
    // times they were taken, one interval apart.
    for (size_t i = 0; i < 5; ++i) {
        EXPECT_LE(ts[i], online_at);
        if (i > 0) {
            EXPECT_EQ(ts[i] - ts[i - 1], 1000);
        }
    }
    Json st = get_status(b);
    ASSERT_TRUE(st.is_object());
    // Nothing lost silently: every reading taken was published or counted as dropped.
    ts = published_readings(b);
    EXPECT_EQ(std::set<int64_t>(ts.begin(), ts.end()).size() + st.value("dropped_messages", 0u),
              static_cast<size_t>(b.sensor.reads));
    EXPECT_GE(st.value("dropped_messages", 0u), 25u);
}

TEST(Device, BrokerRefusingTheClientIsExplainedAndRetriedSlowly) {
    Board b;
    b.broker.connack_code = 5;
    b.boot();
    b.run_for(60000);
    EXPECT_NE(b.state(), State::Online);
    EXPECT_EQ(b.broker.sessions, 0);
    EXPECT_TRUE(b.log.contains("not authori")) << "CONNACK 5 not explained";
    EXPECT_LE(b.broker.connect_attempts, 10);
    b.broker.connack_code = 0;
    EXPECT_TRUE(online(b, 300000));
}

TEST(Device, NetworkOutageBuffersReadingsAndDeliversThemAfterwards) {
    Board b;
    b.boot();
    ASSERT_TRUE(online(b, 10000));
    b.run_for(3000);
    int64_t down_at = b.clock.unix_ms();
    b.broker.network_up = false;
    b.run_for(20000);
    EXPECT_EQ(b.state(), State::Connecting);
    int64_t up_at = b.clock.unix_ms();
    b.broker.network_up = true;
    ASSERT_TRUE(online(b, 150000));
    b.run_for(2000);

    auto ts = published_readings(b);
    size_t during = std::count_if(ts.begin(), ts.end(), [&](int64_t t) { return t > down_at + 1000 && t < up_at; });
    EXPECT_GE(during, 18u);  // readings taken during the outage arrived afterwards
    Json st = get_status(b);
    EXPECT_EQ(st.value("dropped_messages", 99u), 0u);
    // QoS 1 may deliver a reading twice (resent after the reconnect), never lose one.
    ts = published_readings(b);
    EXPECT_EQ(std::set<int64_t>(ts.begin(), ts.end()).size(), static_cast<size_t>(b.sensor.reads));
    EXPECT_EQ(b.broker.sessions, 2);
}

// get_status names the TLS version the broker connection negotiated: 1.3 by default, 1.2 when
// config tls_max says so (a broker that mishandles 1.3).
TEST(Device, StatusNamesTheNegotiatedTlsVersion) {
    // One board at a time: each takes over the log.
    auto version_online = [](const BoardConfig& bc) {
        Board b(bc);
        b.boot();
        EXPECT_TRUE(online(b, 10000));
        return get_status(b).value("tls_version", "");
    };
    EXPECT_EQ(version_online(BoardConfig{}), "TLSv1.3");
    EXPECT_EQ(version_online(extra_config(R"("tls_max":"1.2")")), "TLSv1.2");
}

// The broker connection and the HTTPS update client present one parsed copy of the identity.
TEST(Device, ParsesItsCredentialsOnceForMqttAndUpdates) {
    Board b;
    const uint32_t parsed_before = fw::net::TlsCredentials::sets_parsed();
    b.boot();
    ASSERT_TRUE(online(b, 10000));
    EXPECT_EQ(fw::net::TlsCredentials::sets_parsed(), parsed_before + 1);
}

TEST(Device, SensorFailuresAreCountedAndTheLoopContinues) {
    Board b;
    b.boot();
    ASSERT_TRUE(online(b, 10000));
    b.sensor.failures = 3;
    b.run_for(10000);
    EXPECT_TRUE(b.log.contains("sensor read failed (timeout), 3 failures so far"));
    Json st = get_status(b);
    EXPECT_EQ(st.value("sensor_errors", 0u), 3u);
    EXPECT_EQ(published_readings(b).size(), static_cast<size_t>(b.sensor.reads - 3));
    EXPECT_GE(b.sensor.reads, 10);  // it kept reading after the failures
}

TEST(Device, MalformedAndUnknownCommandsAreAnswered) {
    Board b;
    b.boot();
    ASSERT_TRUE(online(b, 10000));
    b.broker.publish("devices/dev-1/cmd", R"({"id":"x1", "cmd":)");
    b.broker.publish("devices/dev-1/cmd", R"({"id":"x2","cmd":"self_destruct"})");
    b.broker.publish("devices/dev-1/cmd", R"({"id":"x3","cmd":"set_interval","params":{"seconds":0}})");
    ASSERT_TRUE(b.run_until([&] { return b.broker.received_on(kResponse) == 3; }, 5000));
    std::vector<std::string> answers;
    for (const auto& m : b.broker.received)
        if (m.topic == kResponse) answers.push_back(m.payload);
    EXPECT_EQ(answers[0], R"({"id":null,"ok":false,"error":"payload is not JSON"})");
    EXPECT_EQ(answers[1], R"({"id":"x2","ok":false,"error":"unknown command: self_destruct"})");
    EXPECT_NE(answers[2].find(R"("ok":false)"), std::string::npos);
    EXPECT_EQ(b.state(), State::Online);
}

TEST(Device, CommandTooLargeToTakeIsAnsweredWithAnError) {
    Board b;
    b.boot();
    ASSERT_TRUE(online(b, 10000));
    std::string huge =
        R"({"id":"big","cmd":"set_config","params":{"topic_prefix":")" + std::string(40000, 'x') + R"("}})";
    b.broker.publish("devices/dev-1/cmd", huge);
    ASSERT_TRUE(b.run_until([&] { return b.broker.received_on(kResponse) == 1; }, 5000));
    for (const auto& m : b.broker.received) {
        if (m.topic != kResponse) continue;
        Json a = Json::parse(m.payload, nullptr, false);
        EXPECT_EQ(a.value("ok", true), false);
        EXPECT_NE(a.value("error", std::string()).find("too large"), std::string::npos) << m.payload;
    }
    EXPECT_EQ(b.state(), State::Online);
}

TEST(Device, ProvisioningNeedsThePerDevicePopUnlessOpenedOnPurpose) {
    {
        Board b;
        b.boot();
        auto pop = b.device->provisioning_pop();
        ASSERT_TRUE(pop.ok());
        EXPECT_EQ(*pop, fw::prov::device_pop(b.efuse).value());  // nothing configured: never open
        EXPECT_FALSE(b.log.contains("prov_open is on"));
    }
    {
        Board b(extra_config(R"("prov_pop":"label-1234")"));
        b.boot();
        EXPECT_EQ(b.device->provisioning_pop().value(), "label-1234");
    }
    {
        Board b(extra_config(R"("prov_open":1)"));
        b.boot();
        EXPECT_EQ(b.device->provisioning_pop().value(), "");
        EXPECT_TRUE(b.log.contains("prov_open is on"));  // warned at every boot
    }
    {
        Board b(extra_config(R"("prov_open":7)"));
        b.boot();
        EXPECT_NE(b.device->provisioning_pop().value(), "");  // a bad value keeps the safe default
    }
}

TEST(Device, SetIntervalChangesTheSamplingPeriodAndIsStored) {
    Board b;
    b.boot();
    ASSERT_TRUE(online(b, 10000));
    b.broker.publish("devices/dev-1/cmd", R"({"id":"i","cmd":"set_interval","params":{"seconds":5}})");
    ASSERT_TRUE(b.run_until([&] { return b.broker.received_on(kResponse) == 1; }, 5000));
    size_t before = published_readings(b).size();
    b.run_for(20000);
    EXPECT_EQ(published_readings(b).size() - before, 4u);
    EXPECT_EQ(b.device->config().interval_s, 5u);

    fw::storage::KvStore kv(fw::storage::FlashRegion(b.flash, Board::kNvs, Board::kNvsSize));
    ASSERT_TRUE(kv.mount().ok());
    EXPECT_EQ(kv.open("config")->get_u32("interval_s").value(), 5u);
}

TEST(Device, DestroyedWithARestartPendingNeverRestarts) {
    Board b;
    b.boot();
    ASSERT_TRUE(online(b, 10000));
    b.broker.publish("devices/dev-1/cmd", R"({"id":"r","cmd":"reboot"})");
    ASSERT_TRUE(b.run_until([&] { return b.broker.received_on(kResponse) == 1; }, 1000));
    ASSERT_TRUE(b.log.contains("restarting in 1500 ms: reboot command"));
    b.device.reset();
    // A timer left behind would fire into the destroyed device (and the board aborts on a restart).
    ASSERT_EQ(b.loop.timer_count(), 0u);
    b.run_for(5000);
}

// A retained command would run at every connect (a retained reboot loops, a retained
// factory_reset wipes Wi-Fi each time): it is ignored, and nothing is answered or restarted.
TEST(Device, RetainedCommandsAreIgnored) {
    Board b;
    b.boot();
    ASSERT_TRUE(online(b, 10000));
    b.broker.publish("devices/dev-1/cmd", R"({"id":"r1","cmd":"reboot"})", true);
    b.broker.publish("devices/dev-1/cmd", R"({"id":"f1","cmd":"factory_reset"})", true);
    b.broker.publish("devices/dev-1/cmd", R"({"id":"i1","cmd":"set_interval","params":{"seconds":7}})", true);
    b.run_for(1000);  // a restart would be armed by now (it fires 1.5 s after the command)
    EXPECT_EQ(b.broker.received_on(kResponse), 0u);
    EXPECT_EQ(b.device->config().interval_s, 1u);
    EXPECT_FALSE(b.log.contains("restarting in"));
    EXPECT_TRUE(b.log.contains("retained command 'reboot' (id 'r1') ignored"));
    b.device.reset();
}

// A command delivered again (redelivery, an operator's retry, a replay) is answered as the first
// time and not executed twice.
TEST(Device, RepeatedCommandIdIsAnsweredButNotExecutedAgain) {
    Board b;
    b.boot();
    ASSERT_TRUE(online(b, 10000));
    b.broker.publish("devices/dev-1/cmd", R"({"id":"i1","cmd":"set_interval","params":{"seconds":5}})");
    ASSERT_TRUE(b.run_until([&] { return b.broker.received_on(kResponse) == 1; }, 5000));
    b.broker.publish("devices/dev-1/cmd", R"({"id":"i1","cmd":"set_interval","params":{"seconds":9}})");
    ASSERT_TRUE(b.run_until([&] { return b.broker.received_on(kResponse) == 2; }, 5000));
    EXPECT_EQ(b.device->config().interval_s, 5u);
    std::vector<std::string> answers;
    for (const auto& m : b.broker.received)
        if (m.topic == kResponse) answers.push_back(m.payload);
    EXPECT_EQ(answers, (std::vector<std::string>{R"({"id":"i1","ok":true})", R"({"id":"i1","ok":true})"}));
    // The id is remembered across a reconnect. A command without an id cannot be told from its
    // replay: it is refused (its answer, the last one, also says the replay was handled).
    b.broker.drop();
    ASSERT_TRUE(b.run_until([&] { return b.broker.sessions == 2; }, 60000));
    ASSERT_TRUE(online(b));
    b.broker.publish("devices/dev-1/cmd", R"({"id":"i1","cmd":"set_interval","params":{"seconds":9}})");
    b.broker.publish("devices/dev-1/cmd", R"({"cmd":"set_interval","params":{"seconds":9}})");
    const std::string refused =
        R"({"id":null,"ok":false,"error":"missing \"id\" string: every command needs an id of its own"})";
    ASSERT_TRUE(b.run_until(
        [&] {
            return std::any_of(b.broker.received.begin(), b.broker.received.end(),
                               [&](const auto& m) { return m.payload == refused; });
        },
        5000));
    EXPECT_EQ(b.device->config().interval_s, 5u);
}

// The id of a reboot or factory reset is stored before the restart: the same command delivered
// to the next boot is answered, and does not restart the device again (no reboot loop).
TEST(Device, ReplayedRebootAfterTheRestartDoesNotRestartAgain) {
    for (const char* cmd : {"reboot", "factory_reset"}) {
        Board b;
        const std::string payload = std::string(R"({"id":"once-)") + cmd + R"(","cmd":")" + cmd + R"("})";
        b.boot();
        ASSERT_TRUE(online(b, 10000));
        b.broker.publish("devices/dev-1/cmd", payload);
        ASSERT_TRUE(b.run_until([&] { return b.broker.received_on(kResponse) == 1; }, 1000));
        b.device.reset();  // the restart: RAM is gone, flash stays
        b.log.lines.clear();
        b.boot();
        ASSERT_TRUE(online(b, 60000));
        b.broker.publish("devices/dev-1/cmd", payload);
        ASSERT_TRUE(b.run_until([&] { return b.broker.received_on(kResponse) == 2; }, 1000)) << cmd;
        b.run_for(1000);
        EXPECT_FALSE(b.log.contains("restarting in")) << cmd;
        b.device.reset();
    }
}

// Queues console messages (the broker acknowledges none) until not even a 1-byte one fits.
void fill_outbox(Board& b) {
    for (size_t size : {4000u, 512u, 32u, 1u}) {
        do b.device->debug_publish("devices/dev-1/debug", std::string(size, 'x'));
        while (b.log.lines.back().find("refused") == std::string::npos);
    }
}

TEST(Device, OnlyReadingsThatWereLostCountAsDropped) {
    BoardConfig c;
    c.interval_s = 60;
    Board b(c);
    b.boot();
    ASSERT_TRUE(online(b, 10000));
    b.broker.acking = false;
    fill_outbox(b);
    uint32_t before = b.device->status().dropped_messages;

    // A command's answer that finds no room is refused, and it is no reading.
    b.broker.publish("devices/dev-1/cmd", R"({"id":"s","cmd":"get_status"})");
    ASSERT_TRUE(b.run_until([&] { return b.log.contains("publish to devices/dev-1/cmd/response refused"); }, 5000));
    EXPECT_EQ(b.device->status().dropped_messages, before);

    // The next reading finds no room either: it is lost, and counted.
    b.run_for(60000);
    ASSERT_EQ(b.sensor.reads, 1);
    EXPECT_TRUE(b.log.contains("publish to devices/dev-1/telemetry refused"));
    EXPECT_EQ(b.device->status().dropped_messages, before + 1);
}

TEST(Device, ReconnectCapBoundsTheWaitBetweenAttempts) {
    Board b(extra_config(R"("reconnect_max_s": 2)"));
    b.broker.accepting = false;
    b.boot();
    b.run_for(60000);
    // Windows of 1 s, then never more than 2 s: an attempt at least every 2 s, where the default
    // cap lets the wait grow to 32 s within the same minute.
    EXPECT_GE(b.broker.connect_attempts, 29);
}

TEST(Device, ABatchThatFindsNoRoomCountsEveryReadingInIt) {
    Board b(extra_config(R"("offline_max": 5)"));
    b.broker.accepting = false;
    b.boot();
    b.run_for(10000);
    ASSERT_EQ(b.state(), State::Connecting);
    b.broker.acking = false;
    fill_outbox(b);  // waits in the outbox for the connection
    b.broker.accepting = true;
    ASSERT_TRUE(online(b, 150000));
    b.run_for(3000);
    EXPECT_TRUE(b.log.contains("publishing 5 readings buffered while offline"));
    // Readings beyond offline_max, the batch and the live ones after it: none was sent, each is counted.
    EXPECT_EQ(b.broker.received_on(kTelemetry), 0u);
    EXPECT_EQ(b.device->status().dropped_messages, static_cast<uint32_t>(b.sensor.reads));
}

TEST(Device, AnUpdateOutcomeAfterAReconnectUsesTheNewProfile) {
    constexpr const char* kOldAsset = "6xIa9MkpZuR7slaUGB6OTZ";
    constexpr const char* kNewAsset = "4uMcL2VdQ9hRkX8sPnYt0B";
    Board b(extra_config(std::string(R"("enroll": "openremote", "profile": "openremote", "or_asset_id": ")") +
                         kOldAsset + "\""));
    // OpenRemote provisioning, answered `answers` more times with `asset`.
    std::string asset = kOldAsset;
    int answers = 1;
    b.broker.on_publish = [&](const device_test::LoopBroker::Message& m) {
        if (m.topic != "provisioning/dev-1/request" || answers == 0) return;
        --answers;
        b.broker.publish("provisioning/dev-1/response",
                         R"({"type":"success","realm":"master","asset":{"id":")" + asset + R"("}})");
    };
    fixtures::put(b.flash, b.system.running_image_offset(), fixtures::image("1.0.0"));  // what an update starts from
    b.efuse.has_digest = true;  // an update key is burned: updates are taken (and must be signed)
    b.boot();
    ASSERT_TRUE(online(b, 10000));

    // An update from a server that never answers: it fails after its attempts time out.
    b.broker.silent_hosts = {"fw.local"};
    b.broker.publish(std::string("master/dev-1/attributevalue/command/") + kOldAsset,
                     R"({"id":"u1","cmd":"ota","params":{"url":"https://fw.local/app.bin","version":"1.1.0"}})");
    ASSERT_TRUE(b.run_until([&] { return b.log.contains("GET https://fw.local/app.bin"); }, 1000));

    // Meanwhile the link drops and provisioning hands out another asset: the device reconnects
    // with a profile naming it, and the platform stays silent on that connection.
    asset = kNewAsset;
    answers = 1;
    b.broker.drop();
    ASSERT_TRUE(
        b.run_until([&] { return b.log.contains("reconnecting: the last will and the topics name the asset now"); }));

    const std::string old_topic = std::string("master/dev-1/writeattributevalue/commandResponse/") + kOldAsset;
    const std::string new_topic = std::string("master/dev-1/writeattributevalue/commandResponse/") + kNewAsset;
    ASSERT_TRUE(
        b.run_until([&] { return b.broker.received_on(old_topic) + b.broker.received_on(new_topic) > 0; }, 120000));
    EXPECT_NE(b.state(), State::Online);  // the outcome came while the new connection was provisioning
    EXPECT_EQ(b.broker.received_on(old_topic), 0u);
    ASSERT_EQ(b.broker.received_on(new_topic), 1u);
    for (const auto& m : b.broker.received) {
        if (m.topic != new_topic) continue;
        Json answer = Json::parse(m.payload, nullptr, false);
        EXPECT_EQ(answer.value("id", ""), "u1") << m.payload;
        EXPECT_EQ(answer.value("ok", true), false) << m.payload;
    }
}

// The development switch comes from nvs like any key, and the device warns about it at boot.
TEST(Device, AllowingUnsignedUpdatesIsWarnedAboutAtBoot) {
    {
        Board b(extra_config(R"("ota_unsigned_ok": true)"));
        b.boot();
        EXPECT_TRUE(b.log.contains("config ota_unsigned_ok is set and no update key is burned"));
    }
    Board plain;
    plain.boot();
    EXPECT_FALSE(plain.log.contains("ota_unsigned_ok"));
}

}  // namespace

// A partition the firmware cannot mount (here: not NVS at all, as a wrong factory image would be)
// is never erased at boot: the device runs on defaults, its settings cannot be saved, and only the
// explicit format erases it.
TEST(Device, UnmountableNvsIsKeptAndFormattedOnlyOnRequest) {
    BoardConfig c;
    c.interval_s = 7;
    Board b(c);
    auto nvs = b.flash.bytes().begin() + Board::kNvs;
    fake::SeededRng rng(11);
    rng.fill(&*nvs, Board::kNvsSize);
    const std::vector<uint8_t> factory(nvs, nvs + Board::kNvsSize);
    b.boot();
    b.run_for(3000);
    EXPECT_TRUE(std::equal(factory.begin(), factory.end(), nvs)) << "the partition was modified";
    EXPECT_EQ(b.device->config().interval_s, fw::app::DeviceConfig{}.interval_s) << "defaults expected";
    fw::storage::KvStore probe(fw::storage::FlashRegion(b.flash, Board::kNvs, Board::kNvsSize));
    EXPECT_FALSE(probe.mount().ok());
    EXPECT_EQ(probe.open("config").err(), fw::Err::BadState) << "no write into an unmounted store";

    ASSERT_TRUE(b.device->format_nvs().ok());
    fw::storage::KvStore after(fw::storage::FlashRegion(b.flash, Board::kNvs, Board::kNvsSize));
    ASSERT_TRUE(after.mount().ok());
    EXPECT_TRUE(after.entries().empty());
    auto h = after.open("config");
    ASSERT_TRUE(h.ok());
    ASSERT_TRUE(h->set_u32("interval_s", 9).ok());
    EXPECT_TRUE(h->commit().ok()) << "writable once formatted";
}
