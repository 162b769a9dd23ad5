// The provisioning manager's state machine, driven through the real protocomm endpoints by the
// client library, with a fake radio and a manual clock.
#include "firmware/prov/prov_manager.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "fake_hal/fake_hal.h"
#include "firmware/core/log.h"
#include "firmware/prov/internal/version_endpoint.h"
#include "prov_fakes.h"
#include "tools/src/prov/prov_client.h"
#include "tools/src/prov/sec2_credentials.h"

namespace {

using fw::prov::ProvManager;
using fw::prov::WifiStatus;
using State = fw::prov::ProvManager::State;

constexpr const char* kPop = "abcd1234";
constexpr const char* kPass = "secret123";

class Manager : public ::testing::Test {
protected:
    Manager() {
        wifi.networks["HomeNet"] = kPass;
        wifi.networks["Cafe"] = "";
        cfg.pop = kPop;
        cfg.max_boot_failures = 3;
        fw::log::init(log, clock);
        fw::log::set_level(fw::log::Level::Verbose);
    }
    ~Manager() override {
        mgr.reset();
        fw::log::set_level(fw::log::Level::None);  // the sink dies with this test
    }

    void boot() {
        mgr = std::make_unique<ProvManager>(loop, wifi, transport, rng, store, cfg);
        mgr->on_state_change([this](State s) { states.push_back(s); });
        ASSERT_TRUE(mgr->start().ok());
        loop.run_once(0);
    }
    // Small steps: the fake radio's events need a poll, which on the chip an I/O wake-up brings.
    void run_for(uint64_t ms) {
        uint64_t end = clock.now_ms() + ms;
        while (clock.now_ms() < end) loop.run_once(static_cast<uint32_t>(std::min<uint64_t>(10, end - clock.now_ms())));
    }
    // A client connection with an established security-1 session.
    struct Client {
        provtest::LoopClient link;
        std::unique_ptr<provcli::SecClient> sec;
        provcli::ProvClient prov;
        Client(Manager& m, uint32_t session, const std::string& pop)
            : link(m.loop, m.transport, session), sec(provcli::make_sec1(pop, m.cli_rng)), prov(link, *sec) {}
    };
    std::unique_ptr<Client> client(uint32_t session = 1, const std::string& pop = kPop) {
        auto c = std::make_unique<Client>(*this, session, pop);
        c->sec->establish(c->link);
        return c;
    }
    // Polls GetStatus as esp_prov does until the device leaves Connecting.
    WifiStatus wait_status(Client& c) {
        WifiStatus s = c.prov.get_status();
        for (int i = 0; i < 100 && s.state == WifiStatus::State::Connecting; ++i) {
            run_for(500);
            s = c.prov.get_status();
        }
        return s;
    }

    fake::ManualClock clock;
    fw::EventLoop loop{clock};
    fake::SeededRng rng{7}, cli_rng{8};
    fake::RecordingLog log;
    provtest::FakeWifi wifi;
    provtest::MemProvTransport transport;
    fw::prov::MemCredentialStore store;
    fw::prov::ProvManagerConfig cfg;
    std::unique_ptr<ProvManager> mgr;
    std::vector<State> states;
};

TEST_F(Manager, FreshDeviceIsProvisionedAndCommitsOnlyAfterJoining) {
    boot();
    EXPECT_EQ(mgr->state(), State::Provisioning);
    ASSERT_TRUE(transport.started);
    auto c = client();
    c->prov.set_config("HomeNet", kPass);
    EXPECT_FALSE(store.load().ok());  // nothing committed before the join
    c->prov.apply_config();
    WifiStatus s = wait_status(*c);
    EXPECT_EQ(s.state, WifiStatus::State::Connected);
    EXPECT_EQ(s.ssid, "HomeNet");
    EXPECT_EQ(mgr->state(), State::Connected);
    auto saved = store.load();
    ASSERT_TRUE(saved.ok());
    EXPECT_EQ(saved->ssid, "HomeNet");
    EXPECT_EQ(saved->passphrase, kPass);
    EXPECT_EQ(store.saves(), 1);
    EXPECT_EQ(states, (std::vector<State>{State::Provisioning, State::Connecting, State::Connected}));

    c->link.close();  // the client read its result and left: the service stops
    run_for(10);
    EXPECT_FALSE(transport.started);
    EXPECT_FALSE(mgr->service_running());
}

TEST_F(Manager, ServiceStopsAfterGraceEvenIfClientStays) {
    boot();
    auto c = client();
    c->prov.set_config("HomeNet", kPass);
    c->prov.apply_config();
    ASSERT_EQ(wait_status(*c).state, WifiStatus::State::Connected);
    EXPECT_TRUE(transport.started);
    run_for(cfg.stop_grace_ms + 1);
    EXPECT_FALSE(transport.started);
}

TEST_F(Manager, WrongPasswordIsReportedAndClientRetriesWithoutReboot) {
    boot();
    auto c = client();
    c->prov.set_config("HomeNet", "wrong-password");
    c->prov.apply_config();
    WifiStatus s = wait_status(*c);
    EXPECT_EQ(s.state, WifiStatus::State::Disconnected);
    ASSERT_TRUE(s.has_fail_reason);
    EXPECT_EQ(s.fail_reason, WifiStatus::FailReason::AuthError);
    EXPECT_EQ(mgr->state(), State::Provisioning);
    EXPECT_FALSE(store.load().ok());
    EXPECT_TRUE(transport.started);

    c->prov.set_config("HomeNet", kPass);
    c->prov.apply_config();
    EXPECT_EQ(wait_status(*c).state, WifiStatus::State::Connected);
    ASSERT_TRUE(store.load().ok());
    EXPECT_EQ(store.load()->passphrase, kPass);
    EXPECT_EQ(store.saves(), 1);
}

TEST_F(Manager, UnknownNetworkIsReportedAsNotFound) {
    boot();
    auto c = client();
    c->prov.set_config("NoSuchNet", kPass);
    c->prov.apply_config();
    WifiStatus s = wait_status(*c);
    EXPECT_EQ(s.state, WifiStatus::State::Disconnected);
    ASSERT_TRUE(s.has_fail_reason);
    EXPECT_EQ(s.fail_reason, WifiStatus::FailReason::NetworkNotFound);
}

TEST_F(Manager, TransientFailuresRetryThenReport) {
    cfg.prov_max_attempts = 3;
    wifi.refuse_with = hal::WifiReason::AssocFail;
    boot();
    auto c = client();
    c->prov.set_config("HomeNet", kPass);
    c->prov.apply_config();
    WifiStatus first = c->prov.get_status();
    EXPECT_EQ(first.state, WifiStatus::State::Connecting);
    ASSERT_TRUE(first.has_attempts_remaining);
    EXPECT_EQ(first.attempts_remaining, 2u);
    WifiStatus s = wait_status(*c);
    EXPECT_EQ(s.state, WifiStatus::State::Disconnected);
    EXPECT_EQ(wifi.connects, 3);
}

TEST_F(Manager, ConfigRulesAndOrder) {
    boot();
    auto c = client();
    EXPECT_THROW(c->prov.apply_config(), provcli::DeviceError);  // nothing set yet
    EXPECT_THROW(c->prov.set_config("", kPass), provcli::DeviceError);
    EXPECT_THROW(c->prov.set_config(std::string(33, 'x'), kPass), provcli::DeviceError);
    EXPECT_THROW(c->prov.set_config("HomeNet", "short"), provcli::DeviceError);
    EXPECT_EQ(wifi.connects, 0);
    c->prov.set_config("Cafe", "");  // an open network
    c->prov.apply_config();
    EXPECT_EQ(wait_status(*c).state, WifiStatus::State::Connected);
    EXPECT_THROW(c->prov.set_config("HomeNet", kPass), provcli::DeviceError);  // already provisioned
}

TEST_F(Manager, WrongPopNeverReachesTheManager) {
    boot();
    provtest::LoopClient link(loop, transport, 1);
    auto sec = provcli::make_sec1("not-the-pop", cli_rng);
    EXPECT_THROW(sec->establish(link), provcli::SessionError);
    provcli::ProvClient p(link, *sec);
    EXPECT_THROW(p.set_config("HomeNet", kPass), provcli::Refused);
    EXPECT_THROW(p.apply_config(), provcli::Refused);
    run_for(1000);
    EXPECT_EQ(wifi.connects, 0);
    EXPECT_EQ(mgr->state(), State::Provisioning);
}

TEST_F(Manager, ScanAndCustomData) {
    std::string got;
    boot();
    mgr->on_custom_data([&got](const std::string& d) { got = d; });
    auto c = client();
    auto aps = c->prov.scan();
    ASSERT_EQ(aps.size(), 2u);
    EXPECT_EQ(aps[0].ssid, "Cafe");
    EXPECT_EQ(aps[0].auth, hal::WifiAuth::Open);
    EXPECT_EQ(aps[1].ssid, "HomeNet");
    EXPECT_EQ(aps[1].auth, hal::WifiAuth::Wpa2Psk);
    EXPECT_EQ(c->prov.custom_data("mqtts://broker.example:8883"), "SUCCESS");
    EXPECT_EQ(got, "mqtts://broker.example:8883");
    EXPECT_EQ(mgr->custom_data(), got);
}

TEST_F(Manager, ScanResultRequestsAreBounded) {
    for (int i = 0; i < 10; ++i) wifi.networks["Net" + std::to_string(i)] = kPass;
    boot();
    auto c = client();
    EXPECT_EQ(c->prov.scan().size(), 12u);  // fetched 4 at a time
}

TEST_F(Manager, StoredNetworkIsJoinedWithoutProvisioning) {
    ASSERT_TRUE(store.save({"HomeNet", kPass}).ok());
    boot();
    EXPECT_EQ(mgr->state(), State::Connected);
    EXPECT_FALSE(transport.started);
    EXPECT_EQ(store.saves(), 1);
}

TEST_F(Manager, StoredNetworkFailingFallsBackAfterRetries) {
    ASSERT_TRUE(store.save({"HomeNet", "changed-on-the-router"}).ok());
    boot();
    EXPECT_EQ(mgr->state(), State::Connecting);
    EXPECT_EQ(wifi.connects, 1);
    EXPECT_FALSE(transport.started);
    // Retries come from timers with backoff, not in a tight loop.
    uint64_t last = clock.now_ms();
    for (uint32_t n = 2; n <= cfg.max_boot_failures; ++n) {
        while (wifi.connects < static_cast<int>(n) && clock.now_ms() - last <= cfg.backoff_cap_ms) run_for(1);
        ASSERT_EQ(wifi.connects, static_cast<int>(n));
        EXPECT_GE(clock.now_ms() - last, cfg.backoff_floor_ms);
        EXPECT_EQ(mgr->state(), State::Connecting);
        last = clock.now_ms();
    }
    run_for(10);
    EXPECT_EQ(mgr->state(), State::Provisioning);
    EXPECT_TRUE(transport.started);
    EXPECT_TRUE(store.load().ok());  // kept: the network may come back

    // The client provisions the new password; the store then holds it.
    auto c = client();
    c->prov.set_config("HomeNet", kPass);
    c->prov.apply_config();
    EXPECT_EQ(wait_status(*c).state, WifiStatus::State::Connected);
    EXPECT_EQ(store.load()->passphrase, kPass);
}

TEST_F(Manager, FallbackKeepsRetryingTheStoredNetwork) {
    ASSERT_TRUE(store.save({"HomeNet", kPass}).ok());
    wifi.air_up = false;  // the router is off at boot
    boot();
    run_for(static_cast<uint64_t>(cfg.max_boot_failures) * cfg.backoff_cap_ms);
    ASSERT_EQ(mgr->state(), State::Provisioning);
    wifi.air_up = true;
    run_for(cfg.stored_retry_ms + 1);
    EXPECT_EQ(mgr->state(), State::Connected);
    run_for(cfg.stop_grace_ms + 1);
    EXPECT_FALSE(transport.started);
}

TEST_F(Manager, OutageReconnectsAndNeverFallsBack) {
    ASSERT_TRUE(store.save({"HomeNet", kPass}).ok());
    boot();
    ASSERT_EQ(mgr->state(), State::Connected);
    int before = wifi.connects;
    wifi.drop_link();
    run_for(1);
    EXPECT_EQ(mgr->state(), State::Connecting);
    // A long outage: many NoApFound failures, far more than max_boot_failures.
    run_for(10 * static_cast<uint64_t>(cfg.backoff_cap_ms));
    EXPECT_GT(wifi.connects - before, static_cast<int>(cfg.max_boot_failures));
    EXPECT_EQ(mgr->state(), State::Connecting);
    EXPECT_FALSE(transport.started);
    wifi.air_up = true;
    run_for(cfg.backoff_cap_ms + 1);
    EXPECT_EQ(mgr->state(), State::Connected);
    ASSERT_TRUE(store.load().ok());
    EXPECT_EQ(store.saves(), 1);
}

TEST_F(Manager, FactoryResetErasesAndReturnsToProvisioning) {
    ASSERT_TRUE(store.save({"HomeNet", kPass}).ok());
    boot();
    ASSERT_EQ(mgr->state(), State::Connected);
    mgr->factory_reset();
    run_for(1);
    EXPECT_EQ(mgr->state(), State::Provisioning);
    EXPECT_FALSE(store.load().ok());
    EXPECT_FALSE(wifi.connected());
    EXPECT_TRUE(transport.started);
    // And it can be provisioned again, with no stale background retries.
    auto c = client(2);
    c->prov.set_config("Cafe", "");
    c->prov.apply_config();
    EXPECT_EQ(wait_status(*c).state, WifiStatus::State::Connected);
    EXPECT_EQ(store.load()->ssid, "Cafe");
}

TEST_F(Manager, NeverLogsCredentialsOrPop) {
    boot();
    auto c = client();
    c->prov.set_config("HomeNet", "wrong-password");
    c->prov.apply_config();
    wait_status(*c);
    c->prov.set_config("HomeNet", kPass);
    c->prov.apply_config();
    ASSERT_EQ(wait_status(*c).state, WifiStatus::State::Connected);
    ASSERT_FALSE(log.lines.empty());
    EXPECT_TRUE(log.contains("HomeNet"));  // the log is recording at all
    EXPECT_FALSE(log.contains(kPass));
    EXPECT_FALSE(log.contains("wrong-password"));
    EXPECT_FALSE(log.contains(kPop));
}

TEST_F(Manager, UnsupportedSecurityVersionFailsToStart) {
    cfg.sec_ver = 3;
    ProvManager m(loop, wifi, transport, rng, store, cfg);
    EXPECT_EQ(m.start().err(), fw::Err::Unsupported);
    EXPECT_FALSE(transport.started);
}

TEST_F(Manager, SecurityTwoWithoutVerifierFailsToStart) {
    cfg.sec_ver = 2;
    ProvManager m(loop, wifi, transport, rng, store, cfg);
    EXPECT_FALSE(m.start().ok());
    EXPECT_FALSE(transport.started);
}

// The JSON ESP-IDF's wifi_prov_get_info_json builds, key order included.
TEST_F(Manager, ProtoVerAdvertisesTheScheme) {
    boot();
    provtest::LoopClient link(loop, transport, 1);
    EXPECT_EQ(provcli::get_version(link),
              R"({"prov":{"ver":"v1.1","sec_ver":1,"sec_patch_ver":0,"cap":["wifi_scan"]}})");
    EXPECT_EQ(fw::prov::version_json(1, false),
              R"({"prov":{"ver":"v1.1","sec_ver":1,"sec_patch_ver":0,"cap":["no_pop","wifi_scan"]}})");
    EXPECT_EQ(fw::prov::version_json(0, false),
              R"({"prov":{"ver":"v1.1","sec_ver":0,"sec_patch_ver":0,"cap":["no_sec","wifi_scan"]}})");
    EXPECT_EQ(fw::prov::version_json(2, false),
              R"({"prov":{"ver":"v1.1","sec_ver":2,"sec_patch_ver":1,"cap":["wifi_scan"]}})");
}

TEST_F(Manager, AdvertisesTheCtrlEndpoint) {
    boot();
    const auto& eps = transport.endpoints;
    EXPECT_NE(std::find(eps.begin(), eps.end(), "prov-ctrl"), eps.end());
}

TEST_F(Manager, CtrlResetAfterAFailedJoinClearsTheFailure) {
    boot();
    auto c = client();
    EXPECT_THROW(c->prov.ctrl_reset(), provcli::DeviceError);  // nothing failed yet
    c->prov.set_config("HomeNet", "wrong-password");
    c->prov.apply_config();
    WifiStatus s = wait_status(*c);
    ASSERT_TRUE(s.has_fail_reason);
    EXPECT_NO_THROW(c->prov.ctrl_reset());
    s = c->prov.get_status();
    EXPECT_EQ(s.state, WifiStatus::State::Disconnected);
    EXPECT_FALSE(s.has_fail_reason);
    EXPECT_THROW(c->prov.apply_config(), provcli::DeviceError);  // the failed credentials are gone
    c->prov.set_config("HomeNet", kPass);
    c->prov.apply_config();
    EXPECT_EQ(wait_status(*c).state, WifiStatus::State::Connected);
}

TEST_F(Manager, CtrlReprovReturnsAConnectedDeviceToProvisioning) {
    boot();
    auto c = client();
    c->prov.set_config("HomeNet", kPass);
    c->prov.apply_config();
    ASSERT_EQ(wait_status(*c).state, WifiStatus::State::Connected);
    EXPECT_NO_THROW(c->prov.ctrl_reprov());
    EXPECT_EQ(mgr->state(), State::Provisioning);
    EXPECT_FALSE(wifi.connected());
    EXPECT_TRUE(store.load().ok());  // the stored network stays until a new one joins
    run_for(cfg.stop_grace_ms + 1000);
    EXPECT_TRUE(mgr->service_running());
    c->prov.set_config("Cafe", "");
    c->prov.apply_config();
    ASSERT_EQ(wait_status(*c).state, WifiStatus::State::Connected);
    EXPECT_EQ(store.load()->ssid, "Cafe");
}

TEST_F(Manager, ProvisionsWithSecurityTwo) {
    fake::SeededRng gen{9};
    cfg.sec_ver = 2;
    cfg.sec2 = provcli::make_sec2_credentials("wifiprov", "abcd1234", 16, gen);
    boot();
    provtest::LoopClient link(loop, transport, 1);
    EXPECT_NE(provcli::get_version(link).find(R"("sec_ver":2,"sec_patch_ver":1)"), std::string::npos);
    auto sec = provcli::make_sec2("wifiprov", "abcd1234", true, cli_rng);
    sec->establish(link);
    provcli::ProvClient prov(link, *sec);
    prov.set_config("HomeNet", kPass);
    prov.apply_config();
    WifiStatus s = prov.get_status();
    for (int i = 0; i < 100 && s.state == WifiStatus::State::Connecting; ++i) {
        run_for(500);
        s = prov.get_status();
    }
    EXPECT_EQ(s.state, WifiStatus::State::Connected);
    EXPECT_EQ(store.load()->ssid, "HomeNet");
    EXPECT_FALSE(log.contains("abcd1234"));
}

}  // namespace
