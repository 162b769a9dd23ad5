// The simulated radio: its JSON description and its ESP32-like station behaviour.
#include "hal_posix/sim_wifi.h"

#include <gtest/gtest.h>

#include "fake_hal/fake_hal.h"

namespace {

using hal::WifiEvent;
using hal::WifiReason;
using hal_posix::SimWifi;

const char* kRadio = R"({
  "networks": [
    {"ssid": "HomeNet", "password": "secret123", "auth": "wpa2", "rssi": -55, "channel": 6,
     "bssid": "aa:bb:cc:dd:ee:01"},
    {"ssid": "Cafe", "rssi": -70},
    {"ssid": "Busy", "password": "whatever1", "assoc_fail": true},
    {"ssid": "Strong", "password": "password9", "rssi": -30}
  ],
  "outages": [{"at_s": 1, "for_s": 2}, {"at_s": 10, "for_s": 1, "ssid": "Cafe"}],
  "join_ms": 50
})";

struct Radio {
    fake::ManualClock clock;
    std::vector<bool> link;
    std::unique_ptr<SimWifi> wifi;
    explicit Radio(const char* json = kRadio) {
        SimWifi::Environment env;
        std::string err;
        EXPECT_TRUE(SimWifi::parse(json, env, err)) << err;
        wifi = std::make_unique<SimWifi>(clock, nullptr, env, [this](bool up) { link.push_back(up); });
    }
    // Advances time until an event arrives (or `max_ms` passes).
    bool next(WifiEvent& ev, uint64_t max_ms = 5000) {
        for (uint64_t t = 0; t <= max_ms; t += 10) {
            if (wifi->poll_event(ev)) return true;
            clock.advance(10);
        }
        return false;
    }
};

std::string parse_error(const std::string& json) {
    SimWifi::Environment env;
    std::string err;
    EXPECT_FALSE(SimWifi::parse(json, env, err)) << json;
    return err;
}

TEST(SimWifiConfig, ParsesFieldsAndDefaults) {
    SimWifi::Environment env;
    std::string err;
    ASSERT_TRUE(SimWifi::parse(kRadio, env, err)) << err;
    ASSERT_EQ(env.networks.size(), 4u);
    const auto& home = env.networks[0];
    EXPECT_EQ(home.ssid, "HomeNet");
    EXPECT_EQ(home.password, "secret123");
    EXPECT_EQ(home.auth, hal::WifiAuth::Wpa2Psk);
    EXPECT_EQ(home.rssi, -55);
    EXPECT_EQ(home.channel, 6);
    EXPECT_EQ(home.bssid[0], 0xaa);
    EXPECT_EQ(home.bssid[5], 0x01);
    EXPECT_EQ(env.networks[1].auth, hal::WifiAuth::Open);  // no password: open
    EXPECT_EQ(env.networks[1].channel, 1);
    EXPECT_TRUE(env.networks[2].assoc_fail);
    ASSERT_EQ(env.outages.size(), 2u);
    EXPECT_EQ(env.outages[0].at_ms, 1000u);
    EXPECT_EQ(env.outages[0].for_ms, 2000u);
    EXPECT_EQ(env.outages[1].ssid, "Cafe");
    EXPECT_EQ(env.join_ms, 50u);
}

TEST(SimWifiConfig, BadFilesGiveClearErrors) {
    EXPECT_NE(parse_error("{not json").find("not valid JSON"), std::string::npos);
    EXPECT_NE(parse_error(R"({"networks": {}})").find("networks"), std::string::npos);
    EXPECT_NE(parse_error(R"({"networks": [], "extra": 1})").find("unknown key 'extra'"), std::string::npos);
    EXPECT_NE(
        parse_error(R"({"networks": [{"ssid": "A", "pasword": "x"}]})").find("networks[0]: unknown key 'pasword'"),
        std::string::npos);
    EXPECT_NE(parse_error(R"({"networks": [{"ssid": ""}]})").find("networks[0].ssid"), std::string::npos);
    EXPECT_NE(parse_error(R"({"networks": [{"ssid": "A", "rssi": 5}]})").find("networks[0].rssi"), std::string::npos);
    EXPECT_NE(parse_error(R"({"networks": [{"ssid": "A", "rssi": "x"}]})").find("networks[0].rssi"), std::string::npos);
    EXPECT_NE(parse_error(R"({"networks": [{"ssid": "A", "auth": "wpa2"}]})").find("networks[0].password"),
              std::string::npos);
    EXPECT_NE(parse_error(R"({"networks": [{"ssid": "A", "auth": "wpa9", "password": "p"}]})").find("networks[0].auth"),
              std::string::npos);
    EXPECT_NE(parse_error(R"({"networks": [{"ssid": "A", "bssid": "zz"}]})").find("networks[0].bssid"),
              std::string::npos);
    EXPECT_NE(parse_error(R"({"networks": [], "outages": [{"at_s": 1}]})").find("outages[0].for_s"), std::string::npos);
    EXPECT_NE(parse_error(R"({"networks": [], "outages": [{"at_s": -1, "for_s": 1}]})").find("outages[0].at_s"),
              std::string::npos);
    SimWifi::Environment env;
    std::string err;
    EXPECT_FALSE(SimWifi::load_file("/nonexistent/radio.json", env, err));
    EXPECT_NE(err.find("/nonexistent/radio.json"), std::string::npos);
}

TEST(SimWifi, LinkStartsDown) {
    Radio r;
    ASSERT_EQ(r.link, std::vector<bool>{false});
    EXPECT_EQ(r.wifi->rssi(), 0);
}

TEST(SimWifi, RightPasswordJoinsAfterJoinTime) {
    Radio r;
    ASSERT_EQ(r.wifi->connect("HomeNet", "secret123"), hal::Status::Ok);
    WifiEvent ev;
    EXPECT_FALSE(r.wifi->poll_event(ev));  // a join takes time
    ASSERT_TRUE(r.next(ev));
    EXPECT_EQ(ev.kind, WifiEvent::Kind::Connected);
    EXPECT_GE(r.clock.now_ms(), 50u);
    EXPECT_EQ(r.link.back(), true);
    EXPECT_EQ(r.wifi->rssi(), -55);
}

TEST(SimWifi, FailuresCarryEspIdfReasons) {
    struct Case {
        const char* ssid;
        const char* pass;
        WifiReason reason;
    } cases[] = {{"HomeNet", "wrong", WifiReason::AuthFail},
                 {"Nowhere", "secret123", WifiReason::NoApFound},
                 {"Busy", "whatever1", WifiReason::AssocFail}};
    for (const auto& c : cases) {
        Radio r;
        ASSERT_EQ(r.wifi->connect(c.ssid, c.pass), hal::Status::Ok);
        WifiEvent ev;
        ASSERT_TRUE(r.next(ev)) << c.ssid;
        EXPECT_EQ(ev.kind, WifiEvent::Kind::Disconnected) << c.ssid;
        EXPECT_EQ(ev.reason, c.reason) << c.ssid;
        EXPECT_EQ(r.link, std::vector<bool>{false}) << c.ssid;
    }
}

TEST(SimWifi, OpenNetworkAcceptsAnyPassphrase) {
    Radio r;
    ASSERT_EQ(r.wifi->connect("Cafe", ""), hal::Status::Ok);
    WifiEvent ev;
    ASSERT_TRUE(r.next(ev));
    EXPECT_EQ(ev.kind, WifiEvent::Kind::Connected);
}

TEST(SimWifi, OutageDropsLinkAndRecoversAfterwards) {
    Radio r;
    ASSERT_EQ(r.wifi->connect("HomeNet", "secret123"), hal::Status::Ok);
    WifiEvent ev;
    ASSERT_TRUE(r.next(ev));
    ASSERT_EQ(ev.kind, WifiEvent::Kind::Connected);
    ASSERT_TRUE(r.next(ev));  // the outage at 1 s
    EXPECT_EQ(ev.kind, WifiEvent::Kind::Disconnected);
    EXPECT_EQ(ev.reason, WifiReason::BeaconTimeout);
    EXPECT_GE(r.clock.now_ms(), 1000u);
    EXPECT_LT(r.clock.now_ms(), 1100u);
    EXPECT_EQ(r.link.back(), false);
    EXPECT_EQ(r.wifi->rssi(), 0);

    std::vector<hal::WifiAp> aps;
    ASSERT_EQ(r.wifi->scan(aps), hal::Status::Ok);
    EXPECT_TRUE(aps.empty());  // everything is off the air
    ASSERT_EQ(r.wifi->connect("HomeNet", "secret123"), hal::Status::Ok);
    ASSERT_TRUE(r.next(ev));
    EXPECT_EQ(ev.reason, WifiReason::NoApFound);

    r.clock.advance(3000 - r.clock.now_ms());
    ASSERT_EQ(r.wifi->connect("HomeNet", "secret123"), hal::Status::Ok);
    ASSERT_TRUE(r.next(ev));
    EXPECT_EQ(ev.kind, WifiEvent::Kind::Connected);
    EXPECT_EQ(r.link.back(), true);
}

TEST(SimWifi, OutageOfOneNetworkLeavesOthers) {
    Radio r;
    r.clock.advance(10000);
    std::vector<hal::WifiAp> aps;
    ASSERT_EQ(r.wifi->scan(aps), hal::Status::Ok);
    ASSERT_EQ(aps.size(), 3u);
    for (const auto& ap : aps) EXPECT_NE(ap.ssid, "Cafe");
}

TEST(SimWifi, ScanListsStrongestFirst) {
    Radio r;
    std::vector<hal::WifiAp> aps;
    ASSERT_EQ(r.wifi->scan(aps), hal::Status::Ok);
    ASSERT_EQ(aps.size(), 4u);
    EXPECT_EQ(aps[0].ssid, "Strong");
    EXPECT_EQ(aps[1].ssid, "Busy");  // the default -50
    EXPECT_EQ(aps[2].ssid, "HomeNet");
    EXPECT_EQ(aps[2].channel, 6);
    EXPECT_EQ(aps[2].bssid[0], 0xaa);
    EXPECT_EQ(aps[3].ssid, "Cafe");
    EXPECT_EQ(aps[3].auth, hal::WifiAuth::Open);
}

TEST(SimWifi, DisconnectReportsAssocLeave) {
    Radio r;
    ASSERT_EQ(r.wifi->connect("HomeNet", "secret123"), hal::Status::Ok);
    WifiEvent ev;
    ASSERT_TRUE(r.next(ev));
    r.wifi->disconnect();
    ASSERT_TRUE(r.wifi->poll_event(ev));
    EXPECT_EQ(ev.kind, WifiEvent::Kind::Disconnected);
    EXPECT_EQ(ev.reason, WifiReason::AssocLeave);
    EXPECT_EQ(r.link.back(), false);
    // Disconnecting a pending join cancels its outcome.
    ASSERT_EQ(r.wifi->connect("HomeNet", "secret123"), hal::Status::Ok);
    r.wifi->disconnect();
    ASSERT_TRUE(r.wifi->poll_event(ev));
    EXPECT_EQ(ev.reason, WifiReason::AssocLeave);
    r.clock.advance(1000);
    EXPECT_FALSE(r.wifi->poll_event(ev));
}

}  // namespace
