// The client library provisioning a device over the real SoftAP (HTTP) and BLE-like (Unix
// socket) transports with the simulated radio: success, wrong password then retry, a scripted
// outage the device recovers from by itself, and a reboot that joins without provisioning.
#include <gtest/gtest.h>

#include "hal_posix/posix_rng.h"
#include "sim_device.h"
#include "tools/src/prov/prov_client.h"

namespace {

using provit::Link;
using provit::SimDevice;
using State = SimDevice::State;
using fw::prov::WifiStatus;

constexpr const char* kPop = "abcd1234";
constexpr const char* kPass = "secret123";
const std::string kRadio = R"({"networks": [
    {"ssid": "HomeNet", "password": "secret123", "rssi": -55, "channel": 6},
    {"ssid": "Guest", "rssi": -80}], "join_ms": 30})";

fw::prov::ProvManagerConfig config() {
    fw::prov::ProvManagerConfig cfg;
    cfg.pop = kPop;
    cfg.backoff_base_ms = 100;
    cfg.backoff_cap_ms = 400;
    cfg.backoff_floor_ms = 50;
    return cfg;
}

std::unique_ptr<provcli::Transport> connect(Link link, const std::string& service) {
    return link == Link::SoftAp ? provcli::connect_softap(service, 5000) : provcli::connect_ble(service, 5000);
}

WifiStatus wait_status(provcli::ProvClient& c) {
    WifiStatus s = c.get_status();
    for (int i = 0; i < 200 && s.state == WifiStatus::State::Connecting; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        s = c.get_status();
    }
    return s;
}

class Provision : public ::testing::TestWithParam<Link> {
protected:
    hal_posix::PosixRng rng;
};

TEST_P(Provision, SucceedsAndRebootJoinsWithoutProvisioning) {
    fw::prov::WifiCredentials saved;
    {
        SimDevice dev(GetParam(), kRadio, config());
        dev.start();
        EXPECT_EQ(dev.state(), State::Provisioning);
        auto t = connect(GetParam(), dev.service_name());
        EXPECT_NE(provcli::get_version(*t).find("\"sec_ver\":1"), std::string::npos);
        auto sec = provcli::make_sec1(kPop, rng);
        provcli::ProvClient c(*t, *sec);
        c.establish();
        auto aps = c.scan();
        ASSERT_EQ(aps.size(), 2u);
        EXPECT_EQ(aps[0].ssid, "HomeNet");
        EXPECT_EQ(c.custom_data("mqtts://127.0.0.1:8883"), "SUCCESS");
        c.set_config("HomeNet", kPass);
        c.apply_config();
        WifiStatus s = wait_status(c);
        EXPECT_EQ(s.state, WifiStatus::State::Connected);
        EXPECT_EQ(s.ssid, "HomeNet");
        t.reset();  // the client leaves: the device stops its service
        EXPECT_TRUE(dev.wait_for([&] { return dev.state() == State::Connected; }));
        dev.stop();
        auto stored = dev.store().load();
        ASSERT_TRUE(stored.ok());
        saved = *stored;
        for (const auto& line : dev.log_lines()) {
            EXPECT_EQ(line.find(kPass), std::string::npos) << line;
            EXPECT_EQ(line.find(kPop), std::string::npos) << line;
        }
    }
    EXPECT_EQ(saved.ssid, "HomeNet");
    SimDevice again(GetParam(), kRadio, config());
    again.preload(saved);
    again.start();
    EXPECT_TRUE(again.wait_for([&] { return again.state() == State::Connected; }));
    EXPECT_THROW(connect(GetParam(), again.service_name()), provcli::TransportError);  // no service
}

TEST_P(Provision, WrongPasswordReportsReasonAndRetrySucceeds) {
    SimDevice dev(GetParam(), kRadio, config());
    dev.start();
    auto t = connect(GetParam(), dev.service_name());
    auto sec = provcli::make_sec1(kPop, rng);
    provcli::ProvClient c(*t, *sec);
    c.establish();
    c.set_config("HomeNet", "not-the-password");
    c.apply_config();
    WifiStatus s = wait_status(c);
    EXPECT_EQ(s.state, WifiStatus::State::Disconnected);
    ASSERT_TRUE(s.has_fail_reason);
    EXPECT_EQ(s.fail_reason, WifiStatus::FailReason::AuthError);
    EXPECT_EQ(dev.state(), State::Provisioning);

    c.set_config("HomeNet", kPass);
    c.apply_config();
    EXPECT_EQ(wait_status(c).state, WifiStatus::State::Connected);
    t.reset();
    dev.stop();
    ASSERT_TRUE(dev.store().load().ok());
    EXPECT_EQ(dev.store().load()->passphrase, kPass);
    EXPECT_EQ(dev.store().saves(), 1);
}

TEST_P(Provision, WrongPopIsRefused) {
    SimDevice dev(GetParam(), kRadio, config());
    dev.start();
    auto t = connect(GetParam(), dev.service_name());
    auto sec = provcli::make_sec1("0000", rng);
    EXPECT_THROW(sec->establish(*t), provcli::SessionError);
    provcli::ProvClient c(*t, *sec);
    EXPECT_THROW(c.set_config("HomeNet", kPass), provcli::Refused);
    EXPECT_EQ(dev.state(), State::Provisioning);
}

TEST_P(Provision, ScriptedOutageReconnectsByItself) {
    const std::string radio = R"({"networks": [{"ssid": "HomeNet", "password": "secret123"}],
                                  "outages": [{"at_s": 1.0, "for_s": 1.0}], "join_ms": 20})";
    SimDevice dev(GetParam(), radio, config());
    dev.start();
    {
        auto t = connect(GetParam(), dev.service_name());
        auto sec = provcli::make_sec1(kPop, rng);
        provcli::ProvClient c(*t, *sec);
        c.establish();
        c.set_config("HomeNet", kPass);
        c.apply_config();
        ASSERT_EQ(wait_status(c).state, WifiStatus::State::Connected);
    }
    ASSERT_EQ(dev.joins(), 1) << "provisioning took past the outage start";
    EXPECT_TRUE(dev.wait_for([&] { return dev.state() == State::Connecting; }, 3000));
    EXPECT_GE(dev.link_downs(), 2);  // down at boot, down again in the outage
    EXPECT_TRUE(dev.wait_for([&] { return dev.joins() == 2; }, 5000));
    EXPECT_EQ(dev.state(), State::Connected);
    dev.stop();
    EXPECT_TRUE(dev.store().load().ok());  // still provisioned
    EXPECT_EQ(dev.store().saves(), 1);
}

INSTANTIATE_TEST_SUITE_P(Transports, Provision, ::testing::Values(Link::SoftAp, Link::Ble),
                         [](const auto& info) { return info.param == Link::SoftAp ? "SoftAp" : "Ble"; });

}  // namespace
